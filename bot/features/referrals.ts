import { z } from 'zod';
import { caseCard } from '../../cards/case.js';
import { referralFormCard } from '../../cards/referral-form.js';
import { messageCard, referralPreviewCard, referralSentCard } from '../../cards/referral-preview.js';
import { CaseError, type CaseRepo } from '../../cases/repo.js';
import { LINKABLE_TEAMS, OUTCOMES, STATUS_LABELS, TEAM_NAMES, type CaseRecord, type Person } from '../../cases/types.js';
import type { Clock } from '../../common/clock.js';
import type { TeamMembers } from '../../cases/members.js';
import { completeReferral, DraftError, routeReferral, type Draft, type Drafts } from '../../referrals/drafts.js';
import { SECTION_ORDER, type SectionId } from '../../referrals/schema.js';
import { schoolDaysBetween } from '../../routing/calendar.js';
import { loadPolicy } from '../../routing/policy.js';
import type { ActionResult, ActionTurn, Feature, MessageTurn } from '../feature.js';
import type { Speaker } from '../turn.js';

export interface ReferralDeps {
  drafts: Drafts;
  cases: CaseRepo;
  clock: Clock;
  homeAuthority: string;
  officerAadIds: string[];
  members: TeamMembers;
}

const person = (s: Speaker): Person => ({ key: s.aadObjectId ?? s.userId, name: s.name ?? 'A user' });
const sectionId = z.enum(['pupil', 'referrer', 'facts', 'request']);
const draftAction = z.object({ draftId: z.string().uuid(), version: z.coerce.number().int().min(1) }).loose();
const caseAction = z.object({ caseId: z.string().uuid(), version: z.coerce.number().int().min(1) }).loose();

/**
 * Referrals in chat (a form in short sections, a preview with the routing and its reasons, an
 * idempotent submit), channel links for LA teams, and the actions officers take on case cards.
 */
export function referralsFeature(d: ReferralDeps): Feature {
  const today = () => d.clock.now().toISOString().slice(0, 10);
  const duties = loadPolicy(d.homeAuthority).duties;

  const cardFor = (draft: Draft, errors?: Record<string, string>, values?: Record<string, unknown>): ActionResult => {
    if (draft.section !== 'preview') return { card: referralFormCard({ draftId: draft.id, version: draft.version, section: draft.section, values: values ?? draft.values, errors }) };
    const done = completeReferral(draft);
    if (!done.ok) return { card: referralFormCard({ draftId: draft.id, version: draft.version, section: done.section, values: draft.values }) };
    const routing = routeReferral(done.referral, draft.confirmations, today(), d.homeAuthority);
    const openConflicts = routing.conflicts.filter((c) => !draft.confirmations[c.field]);
    return { card: referralPreviewCard({ draftId: draft.id, version: draft.version, referral: done.referral, routing, duties, openConflicts }) };
  };

  const start = async (turn: MessageTurn) => {
    const key = person(turn.speaker).key;
    if (turn.speaker.conversationType !== 'personal') {
      await turn.send({ text: 'Referrals hold pupil details, so please start one in a private chat with me.' });
      return;
    }
    const existing = await d.drafts.openFor(key);
    const draft = existing ?? (await d.drafts.create(key));
    const result = cardFor(draft);
    await turn.send({ text: existing ? `Resuming your draft referral from ${existing.createdAt.slice(0, 10)}. Use **Discard draft** to start afresh.` : undefined, card: 'card' in result ? result.card : undefined });
  };

  const guard = async (turn: ActionTurn, fn: () => Promise<ActionResult>): Promise<ActionResult> => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof DraftError || e instanceof CaseError) return { message: e.message };
      throw e;
    }
  };

  const withDraft = (turn: ActionTurn, fn: (draft: Draft, version: number) => Promise<ActionResult>) =>
    guard(turn, async () => {
      const parsed = draftAction.safeParse(turn.data);
      if (!parsed.success) return { message: 'That card could not be read. Type **resume referral** to carry on.' };
      const draft = await d.drafts.get(parsed.data.draftId, person(turn.speaker).key);
      return fn(draft, parsed.data.version);
    });

  const mayAct = async (turn: ActionTurn, c: CaseRecord) => {
    const actor = person(turn.speaker);
    if (d.officerAadIds.includes(actor.key)) return true;
    const linked = await d.cases.teamsLinkedTo(turn.speaker.conversationId);
    return linked.includes(c.routing.primary);
  };

  const caseView = async (c: CaseRecord, canAct: boolean) => {
    const left = c.deadline ? schoolDaysBetween(today(), c.deadline) : null;
    return caseCard({ c, schoolDaysLeft: left, canAct, lastEvents: (await d.cases.events(c.id)).slice(-3) });
  };

  const officerAction = (kind: 'accept' | 'assign' | 'requestInfo' | 'close') => (turn: ActionTurn) =>
    guard(turn, async () => {
      const parsed = caseAction.safeParse(turn.data);
      if (!parsed.success) return { message: 'That card could not be read; nothing was changed.' };
      const c = await d.cases.get(parsed.data.caseId);
      if (!c) return { message: 'That case was not found; nothing was changed.' };
      if (!(await mayAct(turn, c))) {
        return { message: `Only officers of the ${TEAM_NAMES[c.routing.primary]} (in its linked channel) can act on ${c.reference}. Nothing was changed.` };
      }
      const actor = person(turn.speaker);
      let action: Parameters<CaseRepo['act']>[3];
      if (kind === 'requestInfo') {
        const q = z.string().trim().min(1).max(1000).safeParse(turn.data.question);
        if (!q.success) return { card: await caseView(c, true) };
        action = { kind, question: q.data };
      } else if (kind === 'close') {
        const o = z.enum(OUTCOMES).safeParse(turn.data.outcome);
        if (!o.success) return { message: 'Choose an outcome to close the case; nothing was changed.' };
        action = { kind, outcome: o.data };
      } else action = { kind };
      try {
        const updated = await d.cases.act(c.id, parsed.data.version, actor, action);
        await d.members.add(c.routing.primary, turn.speaker.userId);
        return { card: await caseView(updated, true) };
      } catch (e) {
        // A stale card is replaced by the current one, so the officer sees what changed.
        if (e instanceof CaseError && e.code === 'stale') {
          await turn.send({ text: e.message });
          return { card: await caseView((await d.cases.get(c.id))!, true) };
        }
        throw e;
      }
    });

  return {
    capability: {
      title: 'Start a referral',
      description: 'Refer a pupil to the local authority in a few short steps. I show which team it goes to, why, and any statutory deadline before you send it, then keep you posted.',
      command: { label: 'Start a referral', text: 'start a referral' },
    },
    commands: [
      { pattern: /^(start|new|make|begin|create|open)( an?)?( (ap|new))? referral$/i, run: start },
      { pattern: /^(resume|continue)( my)?( draft)? referral$/i, run: start },
      {
        pattern: /^link(?:\s+(\S+))?$/i,
        async run(turn, m) {
          const team = LINKABLE_TEAMS.find((t) => t.toLowerCase() === (m[1] ?? '').toLowerCase());
          if (turn.speaker.conversationType !== 'channel') {
            await turn.send({ text: 'Type **link** in the team channel where the LA team should receive its cases.' });
            return;
          }
          if (!team) {
            await turn.send({ text: `Which team? Type **link SEND**, **link VirtualSchool** or **link Exclusions**${m[1] ? ` ("${m[1].slice(0, 40)}" is not one of them)` : ''}.` });
            return;
          }
          await d.cases.link(team, turn.speaker.conversationId, turn.reference, person(turn.speaker).name);
          await d.members.add(team, turn.speaker.userId);
          await turn.send({ text: `This channel now receives new ${TEAM_NAMES[team]} cases. Members of this channel can act on them. Type **unlink** to stop.` });
        },
      },
      {
        pattern: /^unlink$/i,
        async run(turn) {
          const teams = await d.cases.unlink(turn.speaker.conversationId);
          await turn.send({ text: teams.length ? `This channel no longer receives ${teams.map((t) => TEAM_NAMES[t]).join(', ')} cases.` : 'This channel was not linked to a team.' });
        },
      },
      {
        pattern: /^(my )?cases$/i,
        async run(turn) {
          const linked = turn.speaker.conversationType === 'personal' ? [] : await d.cases.teamsLinkedTo(turn.speaker.conversationId);
          const me = person(turn.speaker);
          const list = linked.length
            ? await d.cases.openCases({ teams: linked })
            : d.officerAadIds.includes(me.key)
              ? await d.cases.openCases({})
              : await d.cases.openCases({ referrerKey: me.key });
          if (!list.length) {
            await turn.send({ text: linked.length ? 'No open cases for this team.' : 'You have no open referrals.' });
            return;
          }
          const lines = list.map((c) => {
            const left = c.deadline ? schoolDaysBetween(today(), c.deadline) : null;
            const due = c.deadline ? ` · due ${c.deadline}${left !== null && left < 0 ? ' (OVERDUE)' : left !== null ? ` (${left} school days)` : ''}` : '';
            return `- **${c.reference}** · ${TEAM_NAMES[c.routing.primary]} · ${STATUS_LABELS[c.status]}${due}`;
          });
          await turn.send({ text: `${linked.length ? 'Open cases, nearest deadline first' : 'Your open referrals'}:\n\n${lines.join('\n')}` });
        },
      },
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
          return { card: messageCard('Draft discarded', 'Nothing was sent, and the details you typed have been discarded. Type **start a referral** to begin again.') };
        }),
      'referral.confirm': (turn) =>
        withDraft(turn, async (draft, version) => {
          const p = z.object({ field: z.enum(['lookedAfter', 'hasEhcp', 'permanentlyExcluded', 'onSchoolRoll', 'medicalNeeds']), choice: z.enum(['text', 'box']), statedValue: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]) }).safeParse(turn.data);
          if (!p.success) return { message: 'That answer could not be read; nothing was changed.' };
          let next = await d.drafts.confirm(draft, version, p.data.field, p.data.choice, p.data.statedValue);
          // Saying the pupil is permanently excluded needs the first day of the exclusion.
          if (p.data.field === 'permanentlyExcluded' && p.data.choice === 'text' && p.data.statedValue && !next.values.exclusionStartDate) next = await d.drafts.goTo(next, next.version, 'facts');
          return cardFor(next);
        }),
      'referral.submit': (turn) =>
        withDraft(turn, async (draft) => {
          if (draft.status === 'submitted' && draft.caseId) {
            const c = (await d.cases.get(draft.caseId))!;
            return { card: referralSentCard(c.reference, c.routing.primary, c.deadline, false) };
          }
          const done = completeReferral(draft);
          if (!done.ok) return cardFor({ ...draft, section: done.section });
          const routing = routeReferral(done.referral, draft.confirmations, today(), d.homeAuthority);
          if (routing.conflicts.some((c) => !draft.confirmations[c.field])) return cardFor(draft);
          if (routing.primary === 'None') return cardFor(draft);
          const { case: c, created } = await d.cases.submit({ draftId: draft.id, referrer: person(turn.speaker), referral: done.referral, routing });
          return { card: referralSentCard(c.reference, c.routing.primary, c.deadline, created) };
        }),
      'case.accept': officerAction('accept'),
      'case.assign': officerAction('assign'),
      'case.requestInfo': officerAction('requestInfo'),
      'case.close': officerAction('close'),
      'case.refresh': (turn) =>
        guard(turn, async () => {
          const id = z.string().uuid().safeParse(turn.data.caseId);
          const c = id.success ? await d.cases.get(id.data) : undefined;
          if (!c) return { message: 'That case was not found.' };
          return { card: await caseView(c, await mayAct(turn, c)) };
        }),
      'case.reply': (turn) =>
        guard(turn, async () => {
          const p = z.object({ caseId: z.string().uuid(), answer: z.string().trim().min(1, 'Type your answer').max(2000) }).safeParse(turn.data);
          if (!p.success) return { message: 'Type your answer in the box, then send it.' };
          const c = await d.cases.get(p.data.caseId);
          if (!c || c.referrerKey !== person(turn.speaker).key) return { message: 'Only the person who made the referral can answer this question.' };
          await d.cases.act(c.id, c.version, person(turn.speaker), { kind: 'reply', answer: p.data.answer });
          return { card: messageCard('Answer sent', `Your answer has been added to referral ${c.reference}.`) };
        }),
    },
  };
}
