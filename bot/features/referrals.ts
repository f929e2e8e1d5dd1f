import type { TeamMembers } from '../../cases/members.js';
import type { CasePermissions } from '../../cases/permissions.js';
import type { CaseRepo } from '../../cases/repo.js';
import type { Clock } from '../../common/clock.js';
import type { Drafts } from '../../referrals/drafts.js';
import { loadPolicy } from '../../routing/policy.js';
import type { Feature } from '../feature.js';
import { caseActions } from './referrals/case-actions.js';
import { caseListCommand } from './referrals/case-list.js';
import { channelLinkCommands } from './referrals/channels.js';
import { referralForm } from './referrals/form.js';

export interface ReferralDeps {
  drafts: Drafts;
  cases: CaseRepo;
  permissions: CasePermissions;
  clock: Clock;
  homeAuthority: string;
  members: TeamMembers;
}

/**
 * Referrals and cases in chat, by concern: the form flow (referrals/form.ts), channel links
 * (channels.ts), case lists (case-list.ts) and officers' actions on case cards (case-actions.ts).
 */
export function referralsFeature(d: ReferralDeps): Feature {
  const form = referralForm({ drafts: d.drafts, cases: d.cases, clock: d.clock, duties: loadPolicy(d.homeAuthority).duties });
  return {
    capability: {
      title: 'Start a referral',
      description: 'Refer a pupil to the local authority in a few short steps. I show which team it goes to, why, and any statutory deadline before you send it, then keep you posted.',
      command: { label: 'Start a referral', text: 'start a referral' },
    },
    commands: [...(form.commands ?? []), ...channelLinkCommands(d), caseListCommand(d)],
    actions: { ...form.actions, ...caseActions(d) },
  };
}
