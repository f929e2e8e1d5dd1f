import type { CaseEvent, CaseRecord } from '../cases/types.js';
import { OUTCOMES, OUTCOME_LABELS, STATUS_LABELS, TEAM_NAMES } from '../cases/types.js';
import { type AdaptiveCard, type CardAction, type CardElement, card, execute, factSet, heading, text } from './adaptive.js';

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
  if (left === null) return c.deadline;
  if (left < 0) return `${c.deadline} — OVERDUE by ${-left} school day${left === -1 ? '' : 's'}`;
  return `${c.deadline} — ${left} school day${left === 1 ? '' : 's'} left`;
}

/**
 * The case as officers see it in their channel. Its actions carry the case version, so a click on
 * an older card is refused rather than acting on a case that has moved on.
 */
export function caseCard(i: CaseCardInput): AdaptiveCard {
  const { c } = i;
  const r = c.referral;
  const primary = c.routing.rules[0]!;
  const body: CardElement[] = [
    heading(`${i.fyi ? 'For information: ' : ''}AP referral ${c.reference}`),
    factSet([
      ['Status', `${STATUS_LABELS[c.status]}${c.assignee ? ` (${c.assignee.name})` : ''}${c.outcome ? `: ${OUTCOME_LABELS[c.outcome]}` : ''}`],
      ['Team', TEAM_NAMES[c.routing.primary] ?? c.routing.primary],
      ['Copied', c.routing.copied.map((t) => TEAM_NAMES[t] ?? t).join(', ') || 'No one'],
      ['Deadline', deadlineText(c, i.schoolDaysLeft)],
      ['Pupil', `${r.pupilName}, ${r.yearGroup === 0 ? 'Reception' : `Year ${r.yearGroup}`}, born ${r.dateOfBirth}${r.upn ? `, UPN ${r.upn}` : ''}`],
      ['School', r.school],
      ['Referrer', `${r.referrerName} (${r.referrerRole}), ${r.referrerContact}`],
    ]),
    text(`**Reason:** ${r.reason}`),
    text(`**Asked for:** ${r.requested}`, { spacing: 'Small' }),
    text(`**Routed by:** ${primary.why} (${primary.rule}, ${primary.paragraph})${c.routing.rules.slice(1).map((x) => `; ${x.rule} ${x.paragraph}`).join('')}`, { size: 'Small', isSubtle: true }),
  ];
  if (c.routing.conflicts.length) body.push(text(`**Checked with the referrer:** ${c.routing.conflicts.map((x) => `"${x.evidence}"`).join(', ')}`, { size: 'Small' }));
  for (const e of i.lastEvents ?? []) body.push(text(`${e.at.slice(0, 16).replace('T', ' ')} · ${e.actor} · ${e.action}${e.detail ? `: ${e.detail}` : ''}`, { size: 'Small', isSubtle: true, spacing: 'None' }));
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
