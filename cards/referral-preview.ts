import type { Referral } from '../referrals/schema.js';
import type { RouteResult } from '../routing/engine.js';
import { type AdaptiveCard, type CardElement, card, execute, factSet, heading, text } from './adaptive.js';

const TEAM: Record<string, string> = { SEND: 'SEND team', VirtualSchool: 'Virtual School', Exclusions: 'Exclusions and Reintegration Team', None: 'No LA team' };
const FIELD: Record<string, string> = { lookedAfter: 'looked after', hasEhcp: 'has an EHC plan', permanentlyExcluded: 'permanently excluded', onSchoolRoll: 'on a school roll', medicalNeeds: 'unable to attend for medical or mental health needs or pregnancy' };

export interface PreviewInput {
  draftId: string;
  version: number;
  referral: Referral;
  routing: RouteResult;
  duties: Record<string, string>;
  /** Contradictions the referrer has not yet answered. */
  openConflicts: RouteResult['conflicts'];
}

/**
 * Where the referral will go and why, before it is sent: primary team, teams copied in, the
 * referrer's duties and the deadline, each with its rule and paragraph; any contradiction between
 * the reason and the ticked boxes is asked about first.
 */
export function referralPreviewCard(p: PreviewInput): AdaptiveCard {
  const r = p.routing;
  const why = (prefix: string) => r.rules.filter((x) => x.rule.startsWith(prefix) && !(prefix === 'D' && x.rule.startsWith('DL')));
  const primary = r.rules[0]!;
  const body: CardElement[] = [
    heading('Check before you send'),
    factSet([
      ['Pupil', `${p.referral.pupilName}, ${p.referral.yearGroup === 0 ? 'Reception' : `Year ${p.referral.yearGroup}`}, ${p.referral.school}`],
      ['Goes to', r.routeDefined === false ? `Not set out in ${r.authority}'s documents` : (r.destination ?? TEAM[r.primary] ?? r.primary)],
      ['Copied to', r.copied.map((t) => TEAM[t] ?? t).join(', ') || 'No one'],
      ['Deadline', r.deadline ? `Provision from ${r.deadline}` : 'None (only permanent exclusions carry one)'],
    ]),
    text(`**Why:** ${primary.why} (${primary.rule}, ${primary.paragraph})`),
    ...why('C').map((x) => text(`**Copied:** ${x.why} (${x.rule}, ${x.paragraph})`, { spacing: 'Small' })),
    ...why('D').map((x) => text(`**Your duty:** ${p.duties[r.duties[why('D').indexOf(x)] ?? ''] ?? x.why} (${x.rule}, ${x.paragraph})`, { spacing: 'Small' })),
    ...why('DL').map((x) => text(`**Deadline:** ${x.why} (${x.rule}, ${x.paragraph})`, { spacing: 'Small' })),
    ...(r.notes ?? []).filter((n) => n.kind === 'duty').map((n) => text(`**Your duty:** ${n.text}${n.date ? ` Due from **${n.date}**.` : ' Give the first day of the suspension to see the date.'} (${n.paragraph})`, { spacing: 'Small' })),
    ...(calendarNote(r) ? [text(calendarNote(r)!, { spacing: 'Small', isSubtle: true })] : []),
    ...(r.notes ?? []).filter((n) => n.kind === 'warning').map((n) => text(`**Check:** ${n.text} (${n.paragraph})`, { spacing: 'Small', color: 'Attention' })),
    ...(r.notes ?? []).filter((n) => n.kind === 'info').map((n) => text(`**Also:** ${n.text} (${n.paragraph})`, { spacing: 'Small' })),
  ];
  const actions = [];
  if (p.openConflicts.length) {
    const c = p.openConflicts[0]!;
    const ticked = !c.statedValue;
    body.push(
      text('Please confirm one thing first', { weight: 'Bolder', color: 'Attention', spacing: 'Medium' }),
      text(`You answered that the pupil is ${ticked ? '' : 'not '}${FIELD[c.field] ?? c.field}, but the reason says "${c.evidence}". Which is right? The routing above follows the reason until you say.`),
    );
    const data = { draftId: p.draftId, version: p.version, field: c.field, statedValue: c.statedValue };
    actions.push(execute(`The reason is right: ${c.statedValue ? '' : 'not '}${FIELD[c.field] ?? c.field}`, 'referral.confirm', { ...data, choice: 'text' }));
    actions.push(execute(`My answer is right: ${ticked ? '' : 'not '}${FIELD[c.field] ?? c.field}`, 'referral.confirm', { ...data, choice: 'box' }));
  } else if (r.routeDefined === false) {
    body.push(text(`${r.authority}'s documents do not say who receives this kind of referral, so it cannot be sent from here. Ask ${r.ask ?? 'the local authority'}.`, { color: 'Attention', spacing: 'Medium' }));
  } else if (r.primary === 'None') {
    body.push(text(`No local authority team needs this referral (${r.authority}, ${primary.paragraph}): ${primary.why} Ask me about the graduated approach or tier 1 support.`, { color: 'Accent', spacing: 'Medium' }));
  } else {
    actions.push(execute('Send referral', 'referral.submit', { draftId: p.draftId, version: p.version }, { style: 'positive' }));
  }
  actions.push(execute('Edit answers', 'referral.back', { draftId: p.draftId, version: p.version, section: 'preview' }));
  actions.push(execute('Discard draft', 'referral.discard', { draftId: p.draftId, version: p.version }, { style: 'destructive' }));
  return card(body, actions);
}

/** Which calendar a date was counted on, or that the school's own holidays were not counted. */
function calendarNote(r: RouteResult): string | undefined {
  if (!r.calendar) return undefined;
  return r.calendar.holidaysCounted
    ? `School days counted on ${r.calendar.name}.`
    : "School days counted as weekdays less bank holidays: the school's own holidays were not counted, so check the date against your term dates.";
}

export function referralSentCard(reference: string, team: string, deadline: string | null, created: boolean): AdaptiveCard {
  return card([
    heading(created ? `Referral ${reference} sent` : `Referral ${reference} was already sent`),
    text(`It has gone to the ${TEAM[team] ?? team}${deadline ? `; provision is due from ${deadline}` : ''}. I will message you here each time its status changes. Type **cases** to see your referrals.`),
  ]);
}

export function messageCard(title: string, message: string): AdaptiveCard {
  return card([heading(title), text(message)]);
}
