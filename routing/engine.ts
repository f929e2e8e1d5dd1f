import { z } from 'zod';
import { calendarFor, isoDate, type TermHoliday } from './calendar.js';
import { loadPolicy, type Condition, type Policy, type Team } from './policy.js';
import { contradictions, FIELDS, readHomeEducation, readProvisionAsked, readSuspensionDays, statesNow, type Field } from './reading.js';

export const termDatesSchema = z.object({
  name: z.string().max(120).optional(),
  holidays: z.array(z.object({ from: isoDate, to: isoDate, label: z.string().max(80).optional() }).refine((h) => h.from <= h.to, 'a holiday ends before it starts')).max(40),
});

/** The facts a referral is routed on: the single definition, shared by chat, CLI and tests. */
export const routingFactsSchema = z
  .object({
    ageYears: z.number().int().min(2).max(25),
    yearGroup: z.number().int().min(0).max(14),
    hasEhcp: z.boolean(),
    lookedAfter: z.boolean(),
    permanentlyExcluded: z.boolean(),
    exclusionStartDate: isoDate.nullable().default(null),
    suspensionDays: z.preprocess((v) => (v === null ? 0 : v), z.number().int().min(0).max(200).default(0)),
    /** First day of the current suspension, for the date of the school's sixth-day duty. */
    suspensionStartDate: isoDate.nullable().default(null),
    medicalNeeds: z.boolean(),
    onSchoolRoll: z.boolean(),
    notInFullTimeEducation: z.boolean().optional(),
    reason: z.string().max(4000).default(''),
    requested: z.string().max(1000).default(''),
    /** The school's own holidays and INSET days, when the referral carries them. */
    termDates: termDatesSchema.optional().describe("the school's own holidays; without them the authority's, else weekdays less bank holidays"),
  });
// A permanent exclusion without its first day still routes; it only cannot carry a deadline yet
// (the chat form asks for the date before a referral is sent).

export type RoutingFacts = z.input<typeof routingFactsSchema>;
type Facts = z.output<typeof routingFactsSchema>;

export interface FiredRule {
  rule: string;
  paragraph: string;
  why: string;
}
export interface Conflict {
  field: string;
  evidence: string;
  /** What the text says, against the ticked box. */
  statedValue: boolean;
}
export interface RouteNote {
  id: string;
  /** duty: the referrer must act; warning: what is asked for would break a rule; info: who else acts. */
  kind: 'duty' | 'warning' | 'info';
  text: string;
  paragraph: string;
  /** The date a duty falls due, counted on the calendar below. */
  date?: string;
}
export interface CalendarUsed {
  name: string;
  holidays: TermHoliday[];
  /** False when only weekends and bank holidays were left out: the school's holidays were not counted. */
  holidaysCounted: boolean;
  /** 'referral' when the referral carried the school's dates; otherwise where the authority's came from. */
  source?: string;
}
export interface RouteResult {
  authority: string;
  primary: Team;
  /** Who receives it, in the authority's own words. */
  destination: string;
  /** False where the authority's documents do not say who receives this kind of referral; `ask` says whom to ask. */
  routeDefined: boolean;
  ask?: string;
  copied: Team[];
  duties: string[];
  deadline: string | null;
  conflicts: Conflict[];
  notes: RouteNote[];
  /** The calendar a deadline or a duty's date was counted on; null when nothing was counted. */
  calendar: CalendarUsed | null;
  rules: FiredRule[];
  /** The facts routed on: ticked boxes, corrected where the reason states otherwise. */
  effectiveFacts: Record<string, unknown>;
}

/**
 * Definite facts the free text states against the ticked boxes, read by general rules of
 * negation, certainty and tense (routing/reading.ts). Fields the referrer has already said their
 * box is right for (`trustBoxes`) are not asked about again.
 */
export function findConflicts(reason: string, facts: Record<string, unknown>, trustBoxes: readonly string[] = []): Conflict[] {
  const boxes: Partial<Record<Field, boolean>> = {};
  for (const f of FIELDS) if (!trustBoxes.includes(f) && typeof facts[f] === 'boolean') boxes[f] = facts[f] as boolean;
  return contradictions(reason, boxes).map((c) => ({ field: c.field, evidence: c.evidence, statedValue: c.statedValue }));
}

function holds(cond: Condition, facts: Record<string, unknown>, primary?: Team): boolean {
  if ('always' in cond) return true;
  if ('all' in cond) return cond.all.every((c) => holds(c, facts, primary));
  if ('any' in cond) return cond.any.some((c) => holds(c, facts, primary));
  if ('not' in cond) return !holds(cond.not, facts, primary);
  if ('primaryIs' in cond) return primary === cond.primaryIs;
  return Boolean(facts[cond.fact]) === (cond.is ?? true);
}

/** Compulsory school age in England: from the term after a child turns five to the end of Year 11. */
function compulsorySchoolAge(f: Facts): boolean {
  if (f.yearGroup >= 12) return false;
  return f.ageYears >= 5 && f.ageYears <= 16;
}

/** The school calendar a deadline is counted on: the referral's own term dates, the authority's, or none. */
function calendarChoice(facts: Facts, policy: Policy): CalendarUsed {
  if (facts.termDates && facts.termDates.holidays.length) {
    return { name: facts.termDates.name ?? "the school's own term dates", holidays: facts.termDates.holidays, holidaysCounted: true, source: 'referral' };
  }
  const own = policy.calendar;
  if (own && own.holidays.length) return { name: own.name, holidays: own.holidays, holidaysCounted: true, source: own.source };
  if (policy.termHolidays.length) return { name: `${policy.authority} term dates`, holidays: policy.termHolidays, holidaysCounted: true };
  return { name: 'weekdays less England and Wales bank holidays', holidays: [], holidaysCounted: false };
}

/**
 * Routes a referral by an authority's policy: primary team, copied teams, duties, deadline,
 * contradictions, notes and every rule that fired with its paragraph.
 *
 * @example
 * route({ ageYears: 14, yearGroup: 9, hasEhcp: false, lookedAfter: false, permanentlyExcluded: true,
 *         exclusionStartDate: '2026-03-06', medicalNeeds: false, onSchoolRoll: true, reason: '' })
 * // → { primary: 'Exclusions', deadline: '2026-03-13', rules: [{ rule: 'P1', paragraph: '003 §5.6', … }], … }
 */
export function route(input: RoutingFacts, opts: { authority?: string; policy?: Policy; trustBoxes?: readonly string[] } = {}): RouteResult {
  const facts = routingFactsSchema.parse(input);
  const policy = opts.policy ?? loadPolicy(opts.authority);
  const conflicts = findConflicts(facts.reason, facts, opts.trustBoxes);
  const effective: Record<string, unknown> = { ...facts };
  for (const c of conflicts) effective[c.field] = c.statedValue;
  for (const tf of policy.textFacts) {
    const said = tf.in.map((f) => facts[f]).join('\n');
    // Read as the contradictions are: "was on a reduced timetable in September" is not one now.
    if (!effective[tf.fact] && statesNow(said, tf.patterns.map((p) => new RegExp(p, 'i')))) effective[tf.fact] = true;
  }
  effective.compulsorySchoolAge = compulsorySchoolAge(facts);
  // Year 7 and above: the secondary phase, where an authority routes by phase.
  effective.secondaryAge = facts.yearGroup >= 7;
  // A pupil kept at home by illness is, by definition, not in full-time education.
  effective.notInFullTimeEducation = Boolean(effective.notInFullTimeEducation) || Boolean(effective.medicalNeeds);
  const both = `${facts.reason}\n${facts.requested}`;
  const home = readHomeEducation(facts.reason);
  effective.homeEducationReportedSuitable = home === 'suitable';
  effective.homeEducated = home !== null;
  // A suspension the text states counts when the box was left at 0.
  const suspensionDays = facts.suspensionDays || readSuspensionDays(facts.reason) || 0;
  effective.suspensionDays = suspensionDays;
  effective.suspendedOverFiveDays = suspensionDays > 5 && !effective.permanentlyExcluded;
  const asked = readProvisionAsked(both);
  effective.fullTimeAsked = asked.fullTime;
  effective.unregisteredAsked = asked.unregistered;
  effective.registeredAsked = asked.registered;

  const rules: FiredRule[] = [];
  const p = policy.primary.find((r) => holds(r.when, effective))!;
  rules.push({ rule: p.id, paragraph: p.paragraph, why: p.why });
  const copied: Team[] = [];
  for (const c of policy.copies) {
    if (holds(c.when, effective, p.team) && !copied.includes(c.team)) {
      copied.push(c.team);
      rules.push({ rule: c.id, paragraph: c.paragraph, why: c.why });
    }
  }
  const duties: string[] = [];
  for (const d of policy.duties_rules) {
    if (holds(d.when, effective, p.team) && !duties.includes(d.duty)) {
      duties.push(d.duty);
      rules.push({ rule: d.id, paragraph: d.paragraph, why: d.why });
    }
  }
  const calendar = calendarChoice(facts, policy);
  const cal = calendarFor(calendar.holidays);
  let deadline: string | null = null;
  const start = facts.exclusionStartDate;
  const dl = policy.deadlines.find((d) => holds(d.when, effective, p.team));
  if (dl && start) {
    deadline = cal.nthSchoolDay(start, dl.schoolDay);
    rules.push({ rule: dl.id, paragraph: dl.paragraph, why: dl.why });
  }
  const notes: RouteNote[] = [];
  for (const n of policy.notes) {
    if (!holds(n.when, effective, p.team)) continue;
    let date: string | undefined;
    if (n.dateFrom === 'suspensionStart' && facts.suspensionStartDate && n.schoolDay) date = cal.nthSchoolDay(facts.suspensionStartDate, n.schoolDay);
    notes.push({ id: n.id, kind: n.kind, text: n.text, paragraph: n.paragraph, ...(date ? { date } : {}) });
  }
  const usedCalendar = deadline !== null || notes.some((n) => n.date);
  return {
    authority: policy.authority,
    primary: p.team,
    destination: p.destination ?? policy.teams[p.team]?.name ?? p.team,
    routeDefined: !p.undefinedRoute,
    ...(p.undefinedRoute ? { ask: p.undefinedRoute.ask } : {}),
    copied,
    duties,
    deadline,
    conflicts,
    notes,
    calendar: usedCalendar ? calendar : null,
    rules,
    effectiveFacts: effective,
  };
}
