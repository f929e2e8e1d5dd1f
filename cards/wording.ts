import { TEAM_NAMES } from '../cases/types.js';
import { longDate, weekdayDate } from '../common/dates.js';

/** A team's display name ("Virtual School"), never its id. */
export const teamName = (id: string) => TEAM_NAMES[id] ?? id;

/** What a ticked box means, in the words of the form. */
export const FACT_WORDS: Record<string, string> = {
  lookedAfter: 'looked after',
  hasEhcp: 'has an EHC plan',
  permanentlyExcluded: 'permanently excluded',
  onSchoolRoll: 'on a school roll',
  medicalNeeds: 'unable to attend for medical or mental health needs or pregnancy',
};

/** The referrer's answer to a contradiction, as they chose it on the card. */
export function confirmationWords(c: { field: string; statedValue: boolean; choice: 'text' | 'box' }): string {
  const fact = FACT_WORDS[c.field] ?? c.field;
  return c.choice === 'text' ? `the reason is right: ${c.statedValue ? '' : 'not '}${fact}` : `my answer is right: ${c.statedValue ? 'not ' : ''}${fact}`;
}

export const yearGroupWords = (y: number) => (y === 0 ? 'Reception' : `Year ${y}`);
export const yesNo = (b: boolean | undefined) => (b ? 'Yes' : 'No');

/**
 * A statutory deadline as the person who must meet it needs to read it: overdue and due within a
 * school day are said plainly, with what to do.
 */
export function deadlineWords(deadline: string | null, schoolDaysLeft: number | null, team: string): { text: string; urgent: boolean; short: string } {
  if (!deadline) return { text: 'None (only permanent exclusions carry one)', urgent: false, short: 'None (only permanent exclusions carry one)' };
  const on = longDate(deadline);
  if (schoolDaysLeft === null) return { text: `Provision from ${on}`, urgent: false, short: `Provision from ${on}` };
  // `short` goes beside the urgent line that already says what to do, so it does not repeat it.
  if (schoolDaysLeft < 0) return { text: `Provision was due from ${on}: already overdue. Phone the ${teamName(team)} today.`, urgent: true, short: `${on} (overdue)` };
  if (schoolDaysLeft === 0) return { text: `Provision is due from today, ${on}. Phone the ${teamName(team)} today.`, urgent: true, short: `Today, ${on}` };
  if (schoolDaysLeft === 1) return { text: `Provision is due from ${on}, the next school day. Phone the ${teamName(team)} today.`, urgent: true, short: `${on}, the next school day` };
  const text = `Provision from ${on} (${schoolDaysLeft} school days from today)`;
  return { text, urgent: false, short: text };
}

/**
 * A deadline in a list, in plain words: "overdue since Thursday 27 November", "due today",
 * "due Monday 1 December, 3 school days away". Never an ISO date or a code.
 */
export function dueWords(deadline: string, schoolDaysLeft: number | null, today: string): string {
  const day = weekdayDate(deadline, today);
  if (schoolDaysLeft === null) return `due ${day}`;
  if (schoolDaysLeft < 0) return `overdue since ${day}`;
  if (schoolDaysLeft === 0) return `due today, ${day}`;
  if (schoolDaysLeft === 1) return `due ${day}, the next school day`;
  return `due ${day}, ${schoolDaysLeft} school days away`;
}
