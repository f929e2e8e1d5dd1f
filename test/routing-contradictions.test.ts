import { describe, expect, it } from 'vitest';
import { findConflicts, route, type RoutingFacts } from '../routing/engine.js';
import { loadPolicy } from '../routing/policy.js';

const base: RoutingFacts = {
  ageYears: 14, yearGroup: 9, hasEhcp: false, lookedAfter: false, permanentlyExcluded: false,
  exclusionStartDate: null, suspensionDays: 0, medicalNeeds: false, onSchoolRoll: true, reason: '', requested: 'AP',
};
const policy = loadPolicy();
const conflictsFor = (reason: string, over: Partial<RoutingFacts> = {}) => findConflicts(reason, { ...base, ...over } as never);

describe('the free text states a fact the boxes deny', () => {
  it.each([
    ['lookedAfter', 'He was accommodated under s20 last month.', {}],
    ['lookedAfter', 'Subject to a full care order since 2023.', {}],
    ['lookedAfter', 'She is a child looked after by Hillingdon.', {}],
    ['lookedAfter', 'Placed with local authority foster carers in March.', {}],
    ['lookedAfter', 'Interim care order granted last week.', {}],
    ['lookedAfter', 'Lives with her aunt under an SGO.', { lookedAfter: true }],
    ['hasEhcp', 'Final EHCP issued in September naming a special school.', {}],
    ['hasEhcp', 'EHC plan names our school.', {}],
    ['hasEhcp', 'With an EHCP for ASD.', {}],
    ['hasEhcp', 'The LA declined to carry out an EHC needs assessment.', { hasEhcp: true }],
    ['hasEhcp', 'EHCP was ceased when he moved to us.', { hasEhcp: true }],
    ['hasEhcp', 'Awaiting EHC needs assessment outcome.', { hasEhcp: true }],
    ['permanentlyExcluded', 'He has been permanently excluded with effect from today.', {}],
    ['permanentlyExcluded', 'Governors upheld the permanent exclusion on Tuesday.', {}],
    ['permanentlyExcluded', 'The permanent exclusion was overturned by the governors.', { permanentlyExcluded: true, exclusionStartDate: '2026-03-02' }],
    ['onSchoolRoll', 'Removed from roll in January for elective home education.', {}],
    ['onSchoolRoll', 'Has no school place since arriving in the UK.', {}],
    ['onSchoolRoll', 'Still on roll at Oak Academy but not attending.', { onSchoolRoll: false }],
    ['onSchoolRoll', 'He is dual registered with the PRU.', { onSchoolRoll: false }],
  ] as const)('%s: "%s"', (field, reason, over) => {
    const found = conflictsFor(reason, over);
    expect(found.map((c) => c.field)).toEqual([field]);
    // The evidence is the referrer's own words.
    expect(reason).toContain(found[0]!.evidence);
  });
});

describe('history, risk, requests and other people are not contradictions', () => {
  it.each([
    ['Previously looked after; adopted in 2019.', {}],
    ['Was in foster care as a baby, now adopted.', {}],
    ['Care order was discharged in 2022 and she lives with dad.', {}],
    ['Privately fostered by a family friend.', {}],
    ['Lives with grandparents under a child arrangements order.', {}],
    ['EHC needs assessment agreed in May; awaiting the draft plan.', {}],
    ['Draft EHCP issued last week.', {}],
    ['Parents have applied for an EHCP.', {}],
    ['We have requested an EHC needs assessment.', {}],
    ['No EHCP, on SEN support.', {}],
    ['Has an EHCP; a previous request was refused in 2021 before it was issued.', { hasEhcp: true }],
    ['At risk of permanent exclusion.', {}],
    ['We want to avoid a permanent exclusion.', {}],
    ['Parents are considering elective home education.', {}],
    ['Child looked after, placed with foster carers, EHCP for SEMH.', { lookedAfter: true, hasEhcp: true }],
  ] as const)('"%s"', (reason, over) => {
    expect(conflictsFor(reason, over)).toEqual([]);
  });
});

describe('routing follows the text and still reports the contradiction', () => {
  it('a section 20 placement goes to the Virtual School with the social worker involved', () => {
    const r = route({ ...base, reason: 'Accommodated under section 20 since the summer; placement moved twice.' });
    expect(r.primary).toBe('VirtualSchool');
    expect(r.duties).toContain('SocialWorker');
    expect(r.conflicts).toEqual([expect.objectContaining({ field: 'lookedAfter' })]);
  });

  it('an exclusion the governors overturned carries no deadline and no Exclusions routing', () => {
    const r = route({ ...base, permanentlyExcluded: true, exclusionStartDate: '2026-03-02', reason: 'The permanent exclusion was overturned by the governors.' });
    expect(r.primary).toBe('None');
    expect(r.deadline).toBeNull();
    expect(r.conflicts.map((c) => c.field)).toEqual(['permanentlyExcluded']);
  });

  it('a refused needs assessment is not a plan, whatever the box says', () => {
    const r = route({ ...base, hasEhcp: true, reason: 'The needs assessment was refused in March; behaviour escalating.' });
    expect(r.primary).toBe('None');
    expect(r.copied).not.toContain('SEND');
  });

  it('a pupil taken off roll for home education is routed as a child without a school place', () => {
    const r = route({ ...base, reason: 'Removed from roll in January for elective home education; it has broken down.' });
    expect(r.primary).toBe('Exclusions');
    expect(r.rules.map((x) => x.rule)).toContain('P5');
  });

  it('an EHC needs assessment in progress does not route to SEND', () => {
    expect(route({ ...base, reason: 'EHC needs assessment requested in June; we are awaiting the outcome.' }).primary).toBe('None');
  });
});

describe('compulsory school age', () => {
  it.each([
    [16, 11, 'Exclusions'],
    [16, 12, 'None'],
    [4, 0, 'None'],
    [5, 0, 'Exclusions'],
  ])('age %i in year group %i without a school place -> %s', (ageYears, yearGroup, primary) => {
    expect(route({ ...base, ageYears, yearGroup, onSchoolRoll: false }).primary).toBe(primary);
  });
});
