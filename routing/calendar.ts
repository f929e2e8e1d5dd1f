import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => toDays(s) !== null, 'not a real calendar date');

/** Days since the epoch for a YYYY-MM-DD string, in UTC so no local time zone shifts a date. */
function toDays(iso: string): number | null {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return t / 86_400_000;
}
const fromDays = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

export interface TermHoliday {
  from: string;
  to: string;
}

/** School days: Monday to Friday, less bank holidays and the authority's term holidays. */
export class SchoolCalendar {
  private readonly closed: Set<string>;
  private readonly holidays: Array<[number, number]>;

  constructor(
    bankHolidays: string[],
    termHolidays: TermHoliday[] = [],
    /** The last date the bank holiday data covers: counting past it would silently miss holidays. */
    private readonly knownUntil?: string,
  ) {
    this.closed = new Set(bankHolidays);
    this.holidays = termHolidays.map((h) => [toDays(h.from)!, toDays(h.to)!]);
  }

  isSchoolDay(iso: string): boolean {
    const n = toDays(iso);
    if (n === null) throw new Error(`Not a date: ${iso}`);
    const weekday = new Date(n * 86_400_000).getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    if (this.closed.has(iso)) return false;
    return !this.holidays.some(([a, b]) => n >= a && n <= b);
  }

  /**
   * The nth school day counting `first` as day 1. An exclusion cannot start on a day the school
   * is shut, so if `first` is not a school day the count starts on the next one.
   */
  nthSchoolDay(first: string, n: number): string {
    let day = toDays(first)!;
    while (!this.isSchoolDay(fromDays(day))) day++;
    for (let counted = 1; counted < n; ) {
      day++;
      if (this.isSchoolDay(fromDays(day))) counted++;
    }
    const result = fromDays(day);
    if (this.knownUntil && result > this.knownUntil) {
      throw new Error(`bank holiday data ends on ${this.knownUntil}; add the later years to routing/data before counting school days to ${result}`);
    }
    return result;
  }

  /** School days from `from` (exclusive) up to `to` (inclusive); negative when `to` has passed. */
  schoolDaysBetween(from: string, to: string): number {
    const a = toDays(from)!;
    const b = toDays(to)!;
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.isSchoolDay(fromDays(d))) count++;
    return sign * count;
  }
}

const bankHolidaysFile = z.object({
  coverage: z.object({ from: isoDate, to: isoDate }),
  events: z.array(z.object({ date: isoDate, title: z.string() })),
});

let bankHolidays: { dates: string[]; until: string } | undefined;
function bankHolidayData(): { dates: string[]; until: string } {
  if (!bankHolidays) {
    const file = bankHolidaysFile.parse(JSON.parse(readFileSync(fromRoot('routing', 'data', 'bank-holidays-england-and-wales.json'), 'utf8')));
    bankHolidays = { dates: file.events.map((e) => e.date), until: file.coverage.to };
  }
  return bankHolidays;
}

export function englandAndWalesBankHolidays(): string[] {
  return bankHolidayData().dates;
}

export function calendarFor(termHolidays: TermHoliday[] = []): SchoolCalendar {
  const { dates, until } = bankHolidayData();
  return new SchoolCalendar(dates, termHolidays, until);
}

/** School days left until a deadline, on the default calendar. */
export function schoolDaysBetween(fromISO: string, toISO: string, termHolidays: TermHoliday[] = []): number {
  return calendarFor(termHolidays).schoolDaysBetween(fromISO, toISO);
}

/**
 * School closures typed by a person: dates and ranges separated by commas, semicolons or new
 * lines, each written as people in England write them ("16/02/2026", "16/02/2026 to 20/02/2026")
 * or as ISO dates ("2026-02-16"). An error names the part not understood.
 *
 * @example parseClosures('16/02/2026 to 20/02/2026, 02/03/2026') // → { ok: true, holidays: [{from:'2026-02-16',to:'2026-02-20'},{from:'2026-03-02',to:'2026-03-02'}] }
 */
export function parseClosures(text: string): { ok: true; holidays: TermHoliday[] } | { ok: false; error: string } {
  const holidays: TermHoliday[] = [];
  const DATE = String.raw`(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})`;
  const iso = (d: string | undefined): string | undefined => {
    if (!d) return undefined;
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(d);
    return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : d;
  };
  for (const raw of text.split(/[,;\n]+/)) {
    const part = raw.trim();
    if (!part) continue;
    const m = new RegExp(`^${DATE}(?:\\s*(?:to|until|-|–|—)\\s*${DATE})?$`, 'i').exec(part);
    const from = iso(m?.[1]);
    const to = iso(m?.[2]) ?? from;
    if (!from || !to || toDays(from) === null || toDays(to) === null) return { ok: false, error: `"${part.slice(0, 40)}" is not a date (day/month/year, such as 16/02/2026) or a range (16/02/2026 to 20/02/2026)` };
    if (to < from) return { ok: false, error: `"${part.slice(0, 40)}" ends before it starts` };
    holidays.push({ from, to });
  }
  return { ok: true, holidays };
}
