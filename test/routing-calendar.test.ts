import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../common/paths.js';
import { SchoolCalendar, calendarFor, englandAndWalesBankHolidays } from '../routing/calendar.js';
import { route, type RoutingFacts } from '../routing/engine.js';

const pex = (exclusionStartDate: string, over: Partial<RoutingFacts> = {}): RoutingFacts => ({
  ageYears: 14, yearGroup: 9, hasEhcp: false, lookedAfter: false, permanentlyExcluded: true, exclusionStartDate,
  suspensionDays: 0, medicalNeeds: false, onSchoolRoll: true, reason: 'Permanently excluded.', requested: 'Provision', ...over,
});

/** Easter Sunday by the anonymous Gregorian algorithm, as YYYY-MM-DD. */
function easterSunday(y: number): string {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
const shift = (iso: string, days: number) => new Date(Date.parse(iso + 'T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10);
const weekday = (iso: string) => new Date(iso + 'T00:00:00Z').getUTCDay();

describe('England and Wales bank holidays data', () => {
  const dates = englandAndWalesBankHolidays();
  const file = JSON.parse(readFileSync(fromRoot('routing', 'data', 'bank-holidays-england-and-wales.json'), 'utf8')) as { coverage: { from: string; to: string } };

  it('has the eight holidays of every covered year, all on weekdays (substitute days included)', () => {
    for (let y = 2024; y <= 2030; y++) expect(dates.filter((d) => d.startsWith(`${y}-`))).toHaveLength(8);
    for (const d of dates) expect([1, 2, 3, 4, 5]).toContain(weekday(d));
    expect(file.coverage).toEqual({ from: '2024-01-01', to: '2030-12-31' });
  });

  it('puts Good Friday and Easter Monday around Easter Sunday every year', () => {
    for (let y = 2024; y <= 2030; y++) {
      expect(dates).toContain(shift(easterSunday(y), -2));
      expect(dates).toContain(shift(easterSunday(y), 1));
    }
  });

  it('includes the substitute days when Christmas, Boxing Day or New Year fall at a weekend', () => {
    expect(dates).toEqual(expect.arrayContaining(['2026-12-28', '2027-12-27', '2027-12-28', '2028-01-03']));
    expect(dates).not.toContain('2026-12-26');
    expect(dates).not.toContain('2028-01-01');
  });

  it('has the early May, spring and summer Mondays', () => {
    expect(dates).toEqual(expect.arrayContaining(['2025-05-05', '2025-05-26', '2025-08-25', '2026-05-04', '2026-05-25', '2026-08-31', '2027-05-31', '2027-08-30']));
  });
});

describe('provision deadlines on the school calendar', () => {
  it.each([
    ['the Thursday before Good Friday 2027: Good Friday and Easter Monday do not count', '2027-03-25', '2027-04-05'],
    ['a Thursday before the 2027 late May bank holiday', '2027-05-27', '2027-06-04'],
    ['Christmas 2027, with both substitute days and the New Year substitute', '2027-12-23', '2028-01-04'],
    ['a Friday start with no holiday in the way', '2026-03-06', '2026-03-13'],
    ['a Sunday start counts from the Monday', '2026-03-08', '2026-03-16'],
    ['a start on Easter Monday 2026 counts from the Tuesday', '2026-04-06', '2026-04-14'],
  ])('day 6 for %s', (_name, start, expected) => {
    expect(route(pex(start)).deadline).toBe(expected);
  });

  it('gives a looked-after child the first school day, moved off a bank holiday', () => {
    expect(route(pex('2026-03-02', { lookedAfter: true })).deadline).toBe('2026-03-02');
    expect(route(pex('2026-05-25', { lookedAfter: true })).deadline).toBe('2026-05-26');
  });

  it('gives no deadline to anything but a permanent exclusion', () => {
    const r = route(pex('2026-03-02', { permanentlyExcluded: false, exclusionStartDate: null, suspensionDays: 8, reason: 'Suspended for 8 days.' }));
    expect(r.deadline).toBeNull();
  });

  it('skips configured term holidays as well as bank holidays', () => {
    const withEaster = calendarFor([{ from: '2026-03-30', to: '2026-04-10' }]);
    // day 1 Thursday 26 March; the two-week Easter holiday is skipped entirely.
    expect(withEaster.nthSchoolDay('2026-03-26', 6)).toBe('2026-04-16');
    expect(new SchoolCalendar(englandAndWalesBankHolidays()).nthSchoolDay('2026-03-26', 6)).toBe('2026-04-02');
  });

  it('does not drift with the local time zone', () => {
    const before = process.env.TZ;
    try {
      for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Europe/London']) {
        process.env.TZ = tz;
        expect(calendarFor().nthSchoolDay('2026-03-27', 6)).toBe('2026-04-07');
      }
    } finally {
      process.env.TZ = before;
    }
  });
});
