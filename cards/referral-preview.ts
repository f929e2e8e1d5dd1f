import { dayMonthYear, longDate } from '../common/dates.js';
import type { Referral } from '../referrals/schema.js';
import type { RouteResult } from '../routing/engine.js';
import { citeParagraphs, reasonsOf, reasonText } from '../routing/explain.js';
import { type AdaptiveCard, type CardElement, card, execute, factSet, heading, text } from './adaptive.js';
import { deadlineWords, FACT_WORDS, teamName, yearGroupWords, yesNo } from './wording.js';

export interface PreviewInput {
  draftId: string;
  version: number;
  referral: Referral;
  routing: RouteResult;
  duties: Record<string, string>;
  /** Contradictions the referrer has not yet answered. */
  openConflicts: RouteResult['conflicts'];
  /** School days from today to the deadline; negative once past. */
  schoolDaysLeft: number | null;
  /** The safeguarding signpost, when what the referrer wrote suggests a child may be at risk: shown first. */
  signpost?: string;
}

/** Every detail the referrer entered, so they can check it all before it goes. */
function enteredDetails(r: Referral): CardElement[] {
  return [
    text('What you entered', { weight: 'Bolder', spacing: 'Medium' }),
    factSet([
      ['Pupil', r.pupilName],
      ['Date of birth', dayMonthYear(r.dateOfBirth)],
      ['Year group', yearGroupWords(r.yearGroup)],
      ['UPN', r.upn ?? 'Not given'],
      ['School', r.school],
      ['You', `${r.referrerName}, ${r.referrerRole}`],
      ['How to reach you', r.referrerContact],
      ['EHC plan', yesNo(r.hasEhcp)],
      ['Looked after', yesNo(r.lookedAfter)],
      ['Permanently excluded', r.permanentlyExcluded ? `Yes${r.exclusionStartDate ? `, from ${dayMonthYear(r.exclusionStartDate)}` : ''}` : 'No'],
      // The form asks for the current suspension, not a year's total: said as it was asked.
      ['Current suspension', r.suspensionDays > 0 ? `${r.suspensionDays} school day${r.suspensionDays === 1 ? '' : 's'}${r.suspensionStartDate ? `, from ${dayMonthYear(r.suspensionStartDate)}` : ''}` : 'None'],
      ...(r.termDatesText ? [['School holidays and INSET days', r.termDatesText] as [string, string]] : []),
      ['Cannot attend for medical or mental health needs or pregnancy', yesNo(r.medicalNeeds)],
      ['On a school roll', yesNo(r.onSchoolRoll)],
      ['Not in full-time education', yesNo(r.notInFullTimeEducation)],
      ['Parents or carers informed', yesNo(r.parentsInformed)],
    ]),
    text(`**Reason:** ${r.reason}`, { spacing: 'Small' }),
    text(`**Asked for:** ${r.requested}`, { spacing: 'Small' }),
    text(`**The pupil's views:** ${r.pupilViews ?? 'Not given'}`, { spacing: 'Small' }),
  ];
}

/**
 * Where the referral will go and why, before it is sent: the team, teams copied in, the
 * referrer's duties and the deadline, each with the guidance that says so in words a head can
 * check; every detail entered; any contradiction between the reason and the ticked boxes is asked
 * about first.
 */
export function referralPreviewCard(p: PreviewInput): AdaptiveCard {
  const r = p.routing;
  const reasons = reasonsOf(r);
  const due = deadlineWords(r.deadline, p.schoolDaysLeft, r.primary);
  const body: CardElement[] = [...(p.signpost ? [text(p.signpost, { weight: 'Bolder', color: 'Attention' })] : []), heading('Check before you send')];
  if (due.urgent) body.push(text(due.text, { weight: 'Bolder', color: 'Attention' }));
  body.push(
    factSet([
      ['Goes to', r.routeDefined === false ? `Not set out in ${r.authority}'s documents` : (r.destination ?? teamName(r.primary))],
      ['Copied to', r.copied.map(teamName).join(', ') || 'No one'],
      ['Deadline', due.short],
    ]),
  );
  const duties = reasons.filter((x) => x.kind === 'duty');
  for (const x of reasons) {
    if (x.kind === 'primary') body.push(text(`**Why:** ${reasonText(x)}`));
    if (x.kind === 'copy') body.push(text(`**Copied:** ${reasonText(x)}`, { spacing: 'Small' }));
    if (x.kind === 'duty') body.push(text(`**Your duty:** ${p.duties[r.duties[duties.indexOf(x)] ?? ''] ?? x.words} (${x.source})`, { spacing: 'Small' }));
    if (x.kind === 'deadline') body.push(text(`**Deadline:** ${reasonText(x)}`, { spacing: 'Small' }));
  }
  const notes = r.notes ?? [];
  for (const n of notes.filter((n) => n.kind === 'duty')) body.push(text(`**Your duty:** ${n.text}${n.date ? ` Due from **${longDate(n.date)}**.` : ' Give the first day of the suspension to see the date.'} (${citeParagraphs(n.paragraph)})`, { spacing: 'Small' }));
  const cal = calendarNote(r);
  if (cal) body.push(text(cal, { spacing: 'Small', isSubtle: true }));
  for (const n of notes.filter((n) => n.kind === 'warning')) body.push(text(`**Check:** ${n.text} (${citeParagraphs(n.paragraph)})`, { spacing: 'Small', color: 'Attention' }));
  for (const n of notes.filter((n) => n.kind === 'info')) body.push(text(`**Also:** ${n.text} (${citeParagraphs(n.paragraph)})`, { spacing: 'Small' }));
  body.push(...enteredDetails(p.referral));
  const actions = [];
  if (p.openConflicts.length) {
    const c = p.openConflicts[0]!;
    const ticked = !c.statedValue;
    const fact = FACT_WORDS[c.field] ?? c.field;
    body.push(
      text('Please confirm one thing first', { weight: 'Bolder', color: 'Attention', spacing: 'Medium' }),
      text(`You answered that the pupil is ${ticked ? '' : 'not '}${fact}, but the reason says "${c.evidence}". Which is right? The routing above follows the reason until you say.`),
    );
    const data = { draftId: p.draftId, version: p.version, field: c.field, statedValue: c.statedValue };
    actions.push(execute(`The reason is right: ${c.statedValue ? '' : 'not '}${fact}`, 'referral.confirm', { ...data, choice: 'text' }));
    actions.push(execute(`My answer is right: ${ticked ? '' : 'not '}${fact}`, 'referral.confirm', { ...data, choice: 'box' }));
  } else if (r.routeDefined === false) {
    body.push(text(`${r.authority}'s documents do not say who receives this kind of referral, so it cannot be sent from here. Ask ${r.ask ?? 'the local authority'}.`, { color: 'Attention', spacing: 'Medium' }));
  } else if (r.primary === 'None') {
    const why = reasons[0]!;
    body.push(text(`No local authority team needs this referral (${why.source}): ${why.words} Ask me about the graduated approach or tier 1 support.`, { color: 'Accent', spacing: 'Medium' }));
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

/** Where a case is at the moment the referrer is told it was sent. */
export type DeliveryPlace = 'channel' | 'no_channel' | 'unreachable';

export interface SentInput {
  reference: string;
  team: string;
  deadline: string | null;
  schoolDaysLeft: number | null;
  created: boolean;
  place: DeliveryPlace;
  linkCommand: string;
}

/**
 * One confirmation that is true when it is shown: the reference, the team, the deadline and where
 * the case is now. Later delivery to the team's channel is a status change the referrer is told
 * about like any other.
 */
export function referralSentCard(s: SentInput): AdaptiveCard {
  const team = teamName(s.team);
  const due = deadlineWords(s.deadline, s.schoolDaysLeft, s.team);
  const where =
    s.place === 'channel'
      ? `On the ${team}'s case board, and being posted to their channel in Teams.`
      : s.place === 'no_channel'
        ? `On the ${team}'s case board. The team has not linked a Teams channel yet, so it is not posted in Teams: an LA officer links one by typing **${s.linkCommand}** in the team's channel. I will tell you when it is posted.`
        : `On the ${team}'s case board. Their Teams channel could not be reached last time, so it will be posted there once the team links its channel again. I will tell you when it is.`;
  return card([
    heading(s.created ? `Referral ${s.reference} sent` : `Referral ${s.reference} was already sent`),
    ...(due.urgent ? [text(due.text, { weight: 'Bolder', color: 'Attention' })] : []),
    factSet([
      ['Reference', s.reference],
      ['Team', team],
      ['Deadline', due.short],
    ]),
    text(`**Where it is now:** ${where}`),
    text('I will message you here each time its status changes. Type **cases** to see your referrals.'),
  ]);
}

export function messageCard(title: string, message: string): AdaptiveCard {
  return card([heading(title), text(message)]);
}
