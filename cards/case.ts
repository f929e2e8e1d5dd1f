import type { CaseEvent, CaseRecord } from '../cases/types.js';
import { auditDetailWords, OUTCOMES, OUTCOME_LABELS, STATUS_LABELS } from '../cases/types.js';
import { dateTime, dayMonthYear } from '../common/dates.js';
import { reasonsOf, reasonText } from '../routing/explain.js';
import { type AdaptiveCard, type CardAction, type CardElement, card, execute, factSet, heading, text } from './adaptive.js';
import { teamName, yearGroupWords } from './wording.js';

export interface CaseCardInput {
  c: CaseRecord;
  /** School days to the deadline; negative once past. */
  schoolDaysLeft: number | null;
  /** Who may act: officers in the linked channel see the buttons; everyone else a read-only card. */
  canAct: boolean;
  fyi?: boolean;
  /** Teams user ids the card refreshes for automatically, so each sees the actions they may take. */
  refreshUserIds?: string[];
  lastEvents?: CaseEvent[];
}

function deadlineText(c: CaseRecord, left: number | null): string {
  if (!c.deadline) return 'None';
  if (left === null || c.status === 'closed') return dayMonthYear(c.deadline);
  if (left < 0) return `${dayMonthYear(c.deadline)}: overdue by ${-left} school day${left === -1 ? '' : 's'}`;
  return `${dayMonthYear(c.deadline)}: ${left} school day${left === 1 ? '' : 's'} left`;
}

/**
 * The case as officers see it in their channel. Its actions carry the case version, so a click on
 * an older card is refused rather than acting on a case that has moved on.
 */
export function caseCard(i: CaseCardInput): AdaptiveCard {
  const { c } = i;
  const r = c.referral;
  const reasons = reasonsOf(c.routing);
  const body: CardElement[] = [
    heading(`${i.fyi ? 'For information: ' : ''}AP referral ${c.reference}`),
    factSet([
      ['Status', `${STATUS_LABELS[c.status]}${c.assignee ? ` (${c.assignee.name})` : ''}${c.outcome ? `: ${OUTCOME_LABELS[c.outcome]}` : ''}`],
      ['Team', teamName(c.routing.primary)],
      ['Copied', c.routing.copied.map(teamName).join(', ') || 'No one'],
      ['Deadline', deadlineText(c, i.schoolDaysLeft)],
      ['Pupil', `${r.pupilName}, ${yearGroupWords(r.yearGroup)}, born ${dayMonthYear(r.dateOfBirth)}${r.upn ? `, UPN ${r.upn}` : ''}`],
      ['School', r.school],
      ['Referrer', `${r.referrerName} (${r.referrerRole}), ${r.referrerContact}`],
    ]),
    text(`**Reason:** ${r.reason}`),
    text(`**Asked for:** ${r.requested}`, { spacing: 'Small' }),
    ...reasons.map((x, n) => text(`**${n === 0 ? 'Routed by' : x.kind === 'copy' ? 'Copied' : x.kind === 'deadline' ? 'Deadline' : 'Referrer\'s duty'}:** ${reasonText(x)}`, { size: 'Small', isSubtle: true, spacing: n === 0 ? 'Default' : 'None' })),
  ];
  for (const x of c.checked) body.push(text(`**Checked with the referrer:** the reason says "${x.evidence}"; they confirmed ${x.answer}.`, { size: 'Small', color: 'Attention' }));
  for (const e of i.lastEvents ?? []) body.push(text(`${dateTime(e.at)} · ${e.actor} · ${e.action}${e.detail ? `: ${auditDetailWords(e.detail)}` : ''}`, { size: 'Small', isSubtle: true, spacing: 'None' }));
  // The shared view has no buttons; an officer whose card did not refresh on its own (Teams refreshes
  // it automatically for up to 60 people) is told where their actions are.
  if (!i.canAct && !i.fyi && c.status !== 'closed') body.push(text("Officers of this team: if you see no buttons, choose **Refresh card** from this card's **…** menu, or open the case board.", { size: 'Small', isSubtle: true }));
  const data = { caseId: c.id, version: c.version };
  const actions: CardAction[] = [];
  if (i.canAct && !i.fyi && c.status !== 'closed') {
    if (c.status === 'new') actions.push(execute('Accept', 'case.accept', data, { style: 'positive' }));
    actions.push(execute('Assign to me', 'case.assign', data));
    actions.push({
      type: 'Action.ShowCard',
      title: 'Request information',
      card: { type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: 'question', label: 'Your question for the referrer', isMultiline: true, isRequired: true, maxLength: 1000, errorMessage: 'Type your question' }], actions: [execute('Send question', 'case.requestInfo', data)] },
    });
    actions.push({
      type: 'Action.ShowCard',
      title: 'Close',
      card: {
        type: 'AdaptiveCard',
        body: [{ type: 'Input.ChoiceSet', id: 'outcome', label: 'Outcome', isRequired: true, errorMessage: 'Choose an outcome', style: 'expanded', choices: OUTCOMES.map((o) => ({ title: OUTCOME_LABELS[o], value: o })) }],
        actions: [execute('Close case', 'case.close', data, { style: 'destructive' })],
      },
    });
  }
  // Every case card refreshes from the case itself, so any copy (a repeated post, an older card,
  // the card an action returned) shows the case as it is now and each officer their own actions.
  // Listed users get it automatically (Teams allows 60); with none listed Teams offers
  // "Refresh card" in the card's menu.
  const refresh = { action: { type: 'Action.Execute', verb: 'case.refresh', data: { action: 'case.refresh', caseId: c.id } }, userIds: (i.refreshUserIds ?? []).slice(0, 60) };
  return card(body, actions, { refresh });
}

/** The officer's question, in the referrer's chat, with a box to answer it. */
export function infoRequestCard(reference: string, caseId: string, from: string, question: string): AdaptiveCard {
  return card(
    [
      heading(`Question about referral ${reference}`),
      text(`${from} asks: ${question}`),
      { type: 'Input.Text', id: 'answer', label: 'Your answer', isMultiline: true, isRequired: true, maxLength: 2000, errorMessage: 'Type your answer' },
    ],
    [execute('Send answer', 'case.reply', { caseId })],
  );
}
