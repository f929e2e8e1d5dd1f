import { CaseError } from '../../../cases/repo.js';
import type { Actor } from '../../../cases/permissions.js';
import type { Person } from '../../../cases/types.js';
import { DraftError } from '../../../referrals/drafts.js';
import type { ActionResult } from '../../feature.js';
import type { Speaker } from '../../turn.js';

export const person = (s: Speaker): Person => ({ key: s.aadObjectId ?? s.userId, name: s.name ?? 'A user' });

/** The speaker as the cases domain sees an actor: who, and from which channel. */
export const actorOf = (s: Speaker): Actor => ({
  ...person(s),
  place: s.conversationType === 'personal' ? undefined : { conversationId: s.conversationId, teamId: s.teamId, channelId: s.channelId, tenantId: s.tenantId },
});

/** A refusal the domain explains in words becomes the message the user sees. */
export async function guard(fn: () => Promise<ActionResult>): Promise<ActionResult> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DraftError || e instanceof CaseError) return { message: e.message };
    throw e;
  }
}

export const todayOf = (clock: { now(): Date }) => clock.now().toISOString().slice(0, 10);
