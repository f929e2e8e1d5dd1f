import { describe, expect, it } from 'vitest';
import { describeRoute } from '../cli/route.js';
import { parseClosures } from '../routing/calendar.js';
import { route, type RoutingFacts } from '../routing/engine.js';
import { routeReferral } from '../referrals/drafts.js';
import { validateSection } from '../referrals/schema.js';
import { sampleReferral } from './helpers/referrals.js';

const base: RoutingFacts = { ageYears: 13, yearGroup: 8, hasEhcp: false, lookedAfter: false, permanentlyExcluded: false, exclusionStartDate: null, suspensionDays: 0, medicalNeeds: false, onSchoolRoll: true, reason: 'Behaviour has escalated.', requested: 'Advice' };
const note = (r: ReturnType<typeof route>, id: string) => r.notes.find((n) => n.id === id);

describe("Hillingdon: what the documents add to the routing", () => {
  it('a suspension over five days is the school\'s duty from its sixth day, dated, with no LA route', () => {
    // Monday 2 March 2026: day 6 is Monday 9 March.
    const r = route({ ...base, suspensionDays: 8, suspensionStartDate: '2026-03-02' });
    expect(r.primary).toBe('None');
    expect(r.deadline).toBeNull();
    expect(note(r, 'N1')).toMatchObject({ kind: 'duty', date: '2026-03-09' });
    expect(r.calendar).toMatchObject({ holidaysCounted: false });
  });

  it('a suspension of five days or fewer carries no sixth-day duty', () => {
    expect(note(route({ ...base, suspensionDays: 5, suspensionStartDate: '2026-03-02' }), 'N1')).toBeUndefined();
  });

  it('a suspension length stated only in the reason still counts', () => {
    expect(note(route({ ...base, reason: 'He is serving a ten-day suspension for a serious assault.' }), 'N1')).toMatchObject({ kind: 'duty' });
  });

  it('home education the parents report as suitable is not the 5.7 route, and says what applies', () => {
    const r = route({ ...base, onSchoolRoll: false, reason: 'Electively home educated since September; the parents say the education is suitable.' });
    expect(r.primary).toBe('None');
    expect(note(r, 'N2')?.text).toMatch(/elective home education officers/);
  });

  it('home education found unsuitable stays with the Exclusions and Reintegration Team (5.7)', () => {
    const r = route({ ...base, onSchoolRoll: false, reason: 'Home educated, but the EHE officer found the education unsuitable.' });
    expect(r.primary).toBe('Exclusions');
    expect(r.rules[0]).toMatchObject({ rule: 'P5', paragraph: '003 §5.7' });
  });

  it('a young person above compulsory school age off roll gets no 5.7 route, and a pointer to the Post 16 team', () => {
    const r = route({ ...base, ageYears: 17, yearGroup: 12, onSchoolRoll: false, reason: 'Left school last summer and is not in education or training.' });
    expect(r.primary).toBe('None');
    expect(note(r, 'N3')?.text).toMatch(/Post 16 team/);
  });

  it('says the school discusses AP first with the Virtual School or SEND officer, who commission only in their cases', () => {
    const la = route({ ...base, lookedAfter: true, reason: 'In foster care.' });
    expect(la.rules[0]!.why).toMatch(/first discusses AP with the allocated Virtual School officer/);
    expect(la.rules[0]!.why).toMatch(/commissions only in some cases/);
    const ehcp = route({ ...base, hasEhcp: true, reason: 'Has an EHCP for autism.' });
    expect(ehcp.rules[0]!.why).toMatch(/first discusses AP with the child's SEND officer/);
    expect(ehcp.rules[0]!.why).toMatch(/only in the cases of 5.3/);
  });

  it.each<[string, Partial<RoutingFacts>, string | undefined]>([
    ['full time at an unregistered provider', { requested: 'Full-time place at an unregistered outdoor learning project' }, 'N4'],
    ['full time for a looked-after pupil with no registered provider named', { lookedAfter: true, reason: 'In foster care.', requested: 'A full-time AP placement' }, 'N5'],
    ['full time for an EHC plan pupil at a registered AP school', { hasEhcp: true, reason: 'Has an EHCP.', requested: 'Full time at a registered AP school' }, undefined],
    ['two days a week for an EHC plan pupil', { hasEhcp: true, reason: 'Has an EHCP.', requested: 'Two days a week at a vocational provider' }, undefined],
  ])('registration: %s', (_n, over, warning) => {
    const r = route({ ...base, ...over });
    expect(r.notes.filter((n) => n.kind === 'warning').map((n) => n.id)).toEqual(warning ? [warning] : []);
  });

  it('names the Brokerage Team for placements the council commissions, not for school-level support', () => {
    expect(note(route({ ...base, permanentlyExcluded: true, exclusionStartDate: '2026-03-02', reason: 'Permanently excluded.' }), 'N6')?.paragraph).toMatch(/12\.7/);
    expect(note(route(base), 'N6')).toBeUndefined();
  });
});

describe('deadlines on the school\'s own calendar', () => {
  const pex: RoutingFacts = { ...base, permanentlyExcluded: true, reason: 'Permanently excluded.' };
  // Friday 13 February 2026 is day 1; with half-term 16-20 February the sixth day is Friday 27th, not the 20th.
  const halfTerm = { name: 'Oak Academy term dates 2025/26', holidays: [{ from: '2026-02-16', to: '2026-02-20', label: 'February half-term' }] };

  it('a deadline across a half-term the referral carries lands after it, and says which calendar it used', () => {
    const r = route({ ...pex, exclusionStartDate: '2026-02-13', termDates: halfTerm });
    expect(r.deadline).toBe('2026-02-27');
    expect(r.calendar).toMatchObject({ name: 'Oak Academy term dates 2025/26', holidaysCounted: true, source: 'referral' });
    expect(describeRoute(r)).toContain('Counted on: Oak Academy term dates 2025/26');
  });

  it('with no term dates, counts weekdays less bank holidays and says holidays were not counted', () => {
    const r = route({ ...pex, exclusionStartDate: '2026-02-13' });
    expect(r.deadline).toBe('2026-02-20');
    expect(r.calendar).toMatchObject({ holidaysCounted: false });
    expect(describeRoute(r)).toMatch(/school's own holidays were not counted/);
  });

  it('refuses term dates that end before they start', () => {
    expect(() => route({ ...pex, exclusionStartDate: '2026-02-13', termDates: { holidays: [{ from: '2026-02-20', to: '2026-02-16' }] } })).toThrow(/ends before it starts/);
  });
});

describe("the referral form carries the school's own holidays", () => {
  it('a half-term typed into the form moves the deadline past it and is named as the calendar used', () => {
    const r = routeReferral({ ...sampleReferral, lookedAfter: false, exclusionStartDate: '2026-02-13', termDatesText: '2026-02-16 to 2026-02-20, 2026-03-02' }, {}, '2026-02-13', 'Hillingdon');
    expect(r.deadline).toBe('2026-02-27');
    expect(r.calendar).toMatchObject({ holidaysCounted: true, source: 'referral', name: expect.stringMatching(/school's own holidays/) });
  });

  it.each([
    ['next week', /not a date/],
    ['2026-02-20 to 2026-02-16', /ends before it starts/],
  ])('refuses "%s" with a message the referrer can act on', (text, message) => {
    const res = validateSection('facts', { hasEhcp: 'false', lookedAfter: 'false', permanentlyExcluded: 'false', suspensionDays: 0, medicalNeeds: 'false', onSchoolRoll: 'true', notInFullTimeEducation: 'false', termDatesText: text }, '2026-02-10');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors.termDatesText).toMatch(message);
  });

  it('reads dates and ranges, and names the part it cannot read', () => {
    expect(parseClosures('2026-02-16 to 2026-02-20; 2026-03-02\n2026-04-03 – 2026-04-17')).toEqual({ ok: true, holidays: [{ from: '2026-02-16', to: '2026-02-20' }, { from: '2026-03-02', to: '2026-03-02' }, { from: '2026-04-03', to: '2026-04-17' }] });
    expect(parseClosures('2026-02-16, half term')).toEqual({ ok: false, error: expect.stringMatching(/"half term"/) });
    // As people in England write them, day first.
    expect(parseClosures('16/02/2026 to 20/02/2026, 2/3/2026')).toEqual({ ok: true, holidays: [{ from: '2026-02-16', to: '2026-02-20' }, { from: '2026-03-02', to: '2026-03-02' }] });
    expect(parseClosures('30/02/2026')).toEqual({ ok: false, error: expect.stringMatching(/day\/month\/year/) });
  });
});
