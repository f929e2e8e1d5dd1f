import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';

/**
 * School-day arithmetic for routing deadlines.
 *
 * Every date is a plain `YYYY-MM-DD` string and all arithmetic is done in UTC, so the answer
 * never depends on the machine's time zone or on daylight-saving changes.
 *
 * A school day is Monday to Friday, less England and Wales bank holidays and, where the
 * authority has configured them, its term holidays (inclusive date ranges).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** zod schema for a real calendar date written `YYYY-MM-DD`. */
export const isoDateSchema = z.string().refine(isIsoDate, { message: 'expected a date written YYYY-MM-DD' });

function toUtc(iso: string): Date {
  if (!isIsoDate(iso)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  return new Date(iso + 'T00:00:00Z');
}

export function addDays(iso: string, n: number): string {
  const d = toUtc(iso);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(iso: string): number {
  return toUtc(iso).getUTCDay();
}

export interface TermHoliday {
  from: string;
  to: string;
  name?: string | undefined;
}

export interface SchoolCalendar {
  /** Bank holidays (YYYY-MM-DD). */
  bankHolidays: ReadonlySet<string>;
  /** Inclusive ranges of days the authority's schools are closed (term holidays, INSET days). */
  termHolidays: readonly TermHoliday[];
  /** The years the bank-holiday data covers; dates outside it are counted without bank holidays. */
  coverage: { from: string; to: string } | null;
}

export const termHolidaySchema = z
  .object({ from: isoDateSchema, to: isoDateSchema, name: z.string().optional() })
  .refine((h) => h.from <= h.to, { message: 'term holiday ends before it starts', path: ['to'] });

const bankHolidayFileSchema = z.object({
  division: z.string(),
  coverage: z.object({ from: isoDateSchema, to: isoDateSchema }),
  events: z.array(z.object({ date: isoDateSchema, title: z.string() })),
});

const bankHolidayCache = new Map<string, { dates: Set<string>; coverage: { from: string; to: string } }>();

/** Loads `routing/data/bank-holidays-<division>.json` (default: england-and-wales). */
export function loadBankHolidays(division = 'england-and-wales'): { dates: Set<string>; coverage: { from: string; to: string } } {
  if (!/^[a-z0-9-]+$/.test(division)) throw new Error(`bad bank-holiday division name: ${JSON.stringify(division)}`);
  const cached = bankHolidayCache.get(division);
  if (cached) return cached;
  const file = fromRoot('routing', 'data', `bank-holidays-${division}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read bank holidays for "${division}" from ${file}: ${(e as Error).message}`);
  }
  const parsed = bankHolidayFileSchema.parse(raw);
  const entry = { dates: new Set(parsed.events.map((e) => e.date)), coverage: parsed.coverage };
  bankHolidayCache.set(division, entry);
  return entry;
}

export function makeCalendar(opts: { division?: string | null; termHolidays?: readonly TermHoliday[]; extraBankHolidays?: readonly string[] } = {}): SchoolCalendar {
  const base = opts.division === null ? null : loadBankHolidays(opts.division ?? 'england-and-wales');
  const bankHolidays = new Set(base?.dates ?? []);
  for (const d of opts.extraBankHolidays ?? []) bankHolidays.add(d);
  return { bankHolidays, termHolidays: [...(opts.termHolidays ?? [])], coverage: base?.coverage ?? null };
}

/** The default calendar: England and Wales bank holidays, no term holidays. */
export function defaultCalendar(): SchoolCalendar {
  return makeCalendar();
}

export function isSchoolDay(iso: string, cal: SchoolCalendar): boolean {
  const wd = weekday(iso);
  if (wd === 0 || wd === 6) return false;
  if (cal.bankHolidays.has(iso)) return false;
  for (const h of cal.termHolidays) if (iso >= h.from && iso <= h.to) return false;
  return true;
}

// Longest run of non-school days we will walk through before deciding the calendar is broken
// (e.g. a term holiday configured for a whole year).
const MAX_WALK = 400;

/** The first school day on or after `iso`. */
export function firstSchoolDayOnOrAfter(iso: string, cal: SchoolCalendar): string {
  let d = iso;
  for (let i = 0; i < MAX_WALK; i++) {
    if (isSchoolDay(d, cal)) return d;
    d = addDays(d, 1);
  }
  throw new Error(`no school day within ${MAX_WALK} days of ${iso}; check the term holidays`);
}

/**
 * The school day `n` school days after `startIso` (n >= 0). With n = 0 this is the first school
 * day on or after `startIso`; otherwise `startIso` itself need not be a school day and the count
 * starts from the next school day after it.
 */
export function addSchoolDays(startIso: string, n: number, cal: SchoolCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addSchoolDays: n must be a whole number >= 0, got ${n}`);
  if (n === 0) return firstSchoolDayOnOrAfter(startIso, cal);
  let d = startIso;
  let left = n;
  let walked = 0;
  while (left > 0) {
    d = addDays(d, 1);
    if (isSchoolDay(d, cal)) left--;
    if (++walked > MAX_WALK + n * 7) throw new Error(`addSchoolDays ran away from ${startIso}; check the term holidays`);
  }
  return d;
}

/**
 * Day `n` of a period counted in school days, where `firstDay` is day 1.
 *
 * Decision: if `firstDay` is not itself a school day (a weekend, bank holiday or term holiday),
 * day 1 is the first school day on or after it. An exclusion can only take effect on a day the
 * pupil would have been in school, so a non-school first day is treated as starting on the
 * next school day rather than counting the closed day.
 *
 * Example: day 1 Friday 2026-03-06 -> day 6 Friday 2026-03-13.
 */
export function nthSchoolDay(firstDay: string, n: number, cal: SchoolCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`nthSchoolDay: n must be a whole number >= 1, got ${n}`);
  return addSchoolDays(firstSchoolDayOnOrAfter(firstDay, cal), n - 1, cal);
}

/** True when every day from `fromIso` to `toIso` lies within the bank-holiday data's coverage. */
export function coveredBy(cal: SchoolCalendar, fromIso: string, toIso: string): boolean {
  if (!cal.coverage) return false;
  return fromIso >= cal.coverage.from && toIso <= cal.coverage.to;
}
