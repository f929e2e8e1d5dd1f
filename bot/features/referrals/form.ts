import { z } from 'zod';
import { linkCommandFor } from './channels.js';
import { dayMonthYear } from '../../../common/dates.js';
import { referralFormCard } from '../../../cards/referral-form.js';
import { messageCard, referralPreviewCard, referralSentCard } from '../../../cards/referral-preview.js';
import type { CaseRepo } from '../../../cases/repo.js';
import { signpostFor } from '../../../knowledge/guard.js';
import { completeReferral, type Draft, type Drafts } from '../../../referrals/drafts.js';
import { type SectionId } from '../../../referrals/schema.js';
import { schoolDaysBetween } from '../../../routing/calendar.js';
import { confirmationWords } from '../../../cards/wording.js';
import type { Clock } from '../../../common/clock.js';
import type { ActionResult, ActionTurn, Feature, MessageTurn } from '../../feature.js';
import { guard, person, todayOf } from './common.js';

export interface FormDeps {
  drafts: Drafts;
  cases: CaseRepo;
  clock: Clock;
  duties: Record<string, string>;
}

const sectionId = z.enum(['pupil', 'referrer', 'facts', 'request']);
const draftAction = z.object({ draftId: z.string().uuid(), version: z.coerce.number().int().min(1) }).loose();
const confirmAction = z.object({
  field: z.enum(['lookedAfter', 'hasEhcp', 'permanentlyExcluded', 'onSchoolRoll', 'medicalNeeds']),
  choice: z.enum(['text', 'box']),
  statedValue: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
});

/** The card for a draft where it stands: a form section, or the preview of its routing. */
export function draftCard(draft: Draft, duties: Record<string, string>, today: string, errors?: Record<string, string>, values?: Record<string, unknown>): ActionResult {
  if (draft.section !== 'preview') return { card: referralFormCard({ draftId: draft.id, version: draft.version, section: draft.section, values: values ?? draft.values, errors }) };
  const done = completeReferral(draft);
  if (!done.ok || !draft.routing) return { card: referralFormCard({ draftId: draft.id, version: draft.version, section: done.ok ? 'request' : done.section, values: draft.values }) };
  const routing = draft.routing;
  const openConflicts = routing.conflicts.filter((c) => !draft.confirmations[c.field]);
  // The same check as a chat message: what the referrer wrote may say a child is at risk.
  const signpost = signpostFor(done.referral.reason, done.referral.requested, done.referral.pupilViews);
  const schoolDaysLeft = routing.deadline ? schoolDaysBetween(today, routing.deadline) : null;
  return { card: referralPreviewCard({ draftId: draft.id, version: draft.version, referral: done.referral, routing, duties, openConflicts, schoolDaysLeft, signpost }) };
}

/**
 * The referral form in chat: short sections, a preview with the routing and its reasons, and an
 * idempotent submit. Each handler reads the card, asks the drafts or cases domain, and replies.
 */
export function referralForm(d: FormDeps): Pick<Feature, 'commands' | 'actions'> {
  const cardFor = (draft: Draft, errors?: Record<string, string>, values?: Record<string, unknown>) => draftCard(draft, d.duties, todayOf(d.clock), errors, values);
  const sent = async (c: Awaited<ReturnType<CaseRepo['submit']>>['case'], created: boolean): Promise<ActionResult> => {
    const schoolDaysLeft = c.deadline ? schoolDaysBetween(todayOf(d.clock), c.deadline) : null;
    const place = await d.cases.deliveryPlace(c.routing.primary);
    return { card: referralSentCard({ reference: c.reference, team: c.routing.primary, deadline: c.deadline, schoolDaysLeft, created, place, linkCommand: linkCommandFor(c.routing.primary) }) };
  };

  const start = async (turn: MessageTurn) => {
    if (turn.speaker.conversationType !== 'personal') {
      await turn.send({ text: 'Referrals hold pupil details, so please start one in a private chat with me.' });
      return;
    }
    const key = person(turn.speaker).key;
    const existing = await d.drafts.openFor(key);
    const draft = existing ?? (await d.drafts.create(key));
    const result = cardFor(draft);
    await turn.send({ text: existing ? `Resuming your draft referral started ${dayMonthYear(existing.createdAt)}. Use **Discard draft** to start afresh.` : undefined, card: 'card' in result ? result.card : undefined });
  };

  const withDraft = (turn: ActionTurn, fn: (draft: Draft, version: number) => Promise<ActionResult>) =>
    guard(async () => {
      const parsed = draftAction.safeParse(turn.data);
      if (!parsed.success) return { message: 'That card could not be read. Type **resume referral** to carry on.' };
      return fn(await d.drafts.get(parsed.data.draftId, person(turn.speaker).key), parsed.data.version);
    });

  return {
    commands: [
      { pattern: /^(start|new|make|begin|create|open)( an?)?( (ap|new))? referral$/i, run: start },
      { pattern: /^(resume|continue)( my)?( draft)? referral$/i, run: start },
    ],
    actions: {
      'referral.save': (turn) =>
        withDraft(turn, async (draft, version) => {
          const section = sectionId.safeParse(turn.data.section);
          if (!section.success || section.data !== draft.section) {
            return { message: 'This card is out of date: the draft has moved on. Use the latest card, or type **resume referral**.' };
          }
          const { action: _a, draftId: _d, version: _v, section: _s, ...inputs } = turn.data;
          const res = await d.drafts.saveSection(draft, version, section.data, inputs);
          return cardFor(res.draft, res.errors, res.errors ? res.draft.values : undefined);
        }),
      'referral.back': (turn) =>
        withDraft(turn, async (draft, version) => {
          const from = turn.data.section === 'preview' ? 'preview' : (sectionId.safeParse(turn.data.section).data ?? (draft.section as SectionId));
          return cardFor(await d.drafts.back(draft, version, from));
        }),
      'referral.discard': (turn) =>
        withDraft(turn, async (draft, version) => {
          await d.drafts.discard(draft, version);
          return { card: messageCard('Draft discarded', 'Nothing was sent, and the details you typed have been deleted. Type **start a referral** to begin again.') };
        }),
      'referral.confirm': (turn) =>
        withDraft(turn, async (draft, version) => {
          const p = confirmAction.safeParse(turn.data);
          if (!p.success) return { message: 'That answer could not be read; nothing was changed.' };
          let next = await d.drafts.confirm(draft, version, p.data.field, p.data.choice, p.data.statedValue);
          // Saying the pupil is permanently excluded needs the first day of the exclusion.
          if (p.data.field === 'permanentlyExcluded' && p.data.choice === 'text' && p.data.statedValue && !next.values.exclusionStartDate) next = await d.drafts.goTo(next, next.version, 'facts');
          return cardFor(next);
        }),
      'referral.submit': (turn) =>
        withDraft(turn, async (draft) => {
          if (draft.status === 'submitted' && draft.caseId) {
            return sent((await d.cases.get(draft.caseId))!, false);
          }
          const done = completeReferral(draft);
          const routing = draft.routing;
          if (!done.ok || !routing) return cardFor(done.ok ? draft : { ...draft, section: done.section });
          if (routing.conflicts.some((c) => !draft.confirmations[c.field]) || routing.primary === 'None') return cardFor(draft);
          const checked = Object.entries(draft.checked).map(([field, c]) => ({ field, evidence: c.evidence, answer: confirmationWords({ field, ...c }) }));
          const { case: c, created } = await d.cases.submit({ draftId: draft.id, referrer: person(turn.speaker), referral: done.referral, routing, checked });
          return sent(c, created);
        }),
    },
  };
}
