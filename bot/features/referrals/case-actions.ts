import { z } from 'zod';
import { caseCard } from '../../../cards/case.js';
import { messageCard } from '../../../cards/referral-preview.js';
import { actOnCase, parseOfficerAction, type OfficerActionKind } from '../../../cases/actions.js';
import type { TeamMembers } from '../../../cases/members.js';
import type { CasePermissions } from '../../../cases/permissions.js';
import type { CaseRepo } from '../../../cases/repo.js';
import type { CaseRecord } from '../../../cases/types.js';
import type { Clock } from '../../../common/clock.js';
import { schoolDaysBetween } from '../../../routing/calendar.js';
import type { ActionResult, ActionTurn, Feature } from '../../feature.js';
import { actorOf, guard, person, todayOf } from './common.js';

export interface CaseActionDeps {
  cases: CaseRepo;
  permissions: CasePermissions;
  members: TeamMembers;
  clock: Clock;
}

const caseAction = z.object({ caseId: z.string().uuid(), version: z.coerce.number().int().min(1) }).loose();

/** Officers' buttons on the channel case card, and the referrer's answer to a question. */
export function caseActions(d: CaseActionDeps): NonNullable<Feature['actions']> {
  const caseView = async (c: CaseRecord, canAct: boolean) => {
    const left = c.deadline ? schoolDaysBetween(todayOf(d.clock), c.deadline, c.routing.calendar?.holidays ?? []) : null;
    // The card an action returns replaces the one clicked for everyone, so it keeps the refresh
    // (and its officers) that give each viewer their own view.
    return caseCard({ c, schoolDaysLeft: left, canAct, lastEvents: (await d.cases.events(c.id)).slice(-3), refreshUserIds: await d.members.list(c.routing.primary) });
  };

  const officerAction = (kind: OfficerActionKind) => (turn: ActionTurn) =>
    guard(async (): Promise<ActionResult> => {
      const parsed = caseAction.safeParse(turn.data);
      if (!parsed.success) return { message: 'That card could not be read; nothing was changed.' };
      const action = parseOfficerAction(kind, turn.data);
      if (!action.ok) {
        // An empty question just shows the card again; an outcome left unchosen says so.
        if (kind === 'requestInfo') {
          const c = await d.cases.get(parsed.data.caseId);
          if (c && (await d.permissions.mayAct(actorOf(turn.speaker), c))) return { card: await caseView(c, true) };
        }
        return { message: action.message };
      }
      const res = await actOnCase({ repo: d.cases, permissions: d.permissions }, actorOf(turn.speaker), parsed.data.caseId, parsed.data.version, action.action);
      if (res.ok) {
        await d.members.add(res.case.routing.primary, turn.speaker.userId);
        return { card: await caseView(res.case, true) };
      }
      // A stale card is replaced by the current one, so the officer sees what changed.
      if (res.code === 'stale' && res.current) {
        await turn.send({ text: res.message });
        return { card: await caseView(res.current, true) };
      }
      return { message: res.message };
    });

  return {
    'case.accept': officerAction('accept'),
    'case.assign': officerAction('assign'),
    'case.requestInfo': officerAction('requestInfo'),
    'case.close': officerAction('close'),
    'case.refresh': (turn) =>
      guard(async () => {
        const id = z.string().uuid().safeParse(turn.data.caseId);
        const c = id.success ? await d.cases.get(id.data) : undefined;
        if (!c) return { message: 'That case was not found.' };
        return { card: await caseView(c, await d.permissions.mayAct(actorOf(turn.speaker), c)) };
      }),
    'case.reply': (turn) =>
      guard(async () => {
        const p = z.object({ caseId: z.string().uuid(), answer: z.string().trim().min(1, 'Type your answer').max(2000) }).safeParse(turn.data);
        if (!p.success) return { message: 'Type your answer in the box, then send it.' };
        const c = await d.cases.get(p.data.caseId);
        if (!c || c.referrerKey !== person(turn.speaker).key) return { message: 'Only the person who made the referral can answer this question.' };
        await d.cases.act(c.id, c.version, person(turn.speaker), { kind: 'reply', answer: p.data.answer });
        return { card: messageCard('Answer sent', `Your answer has been added to referral ${c.reference}.`) };
      }),
  };
}
