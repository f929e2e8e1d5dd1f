import { describe, expect, it } from 'vitest';
import { describeRoute } from '../cli/route.js';
import { route, type RoutingFacts } from '../routing/engine.js';
import { knownAuthorities, loadPolicy } from '../routing/policy.js';

const base: RoutingFacts = { ageYears: 13, yearGroup: 8, hasEhcp: false, lookedAfter: false, permanentlyExcluded: false, exclusionStartDate: null, suspensionDays: 0, medicalNeeds: false, onSchoolRoll: true, reason: 'Behaviour has escalated.', requested: 'Advice' };
const pex: Partial<RoutingFacts> = { permanentlyExcluded: true, exclusionStartDate: '2026-03-06', reason: 'Permanently excluded after a serious incident.' };

describe('each authority is routed by its own documents', () => {
  it('holds a policy for every authority in the corpus', () => {
    expect(knownAuthorities().sort()).toEqual(['BCP', 'Bromley', 'Bury', 'Hillingdon']);
  });

  it.each<[string, string, Partial<RoutingFacts>, RegExp, string | null]>([
    ['Bury', 'secondary exclusion goes to the AP Academy from the sixth day', pex, /Ashgrove/, '2026-03-13'],
    ['Bury', 'primary exclusion goes to registered directory AP', { ...pex, ageYears: 8, yearGroup: 3 }, /AP Directory/, '2026-03-13'],
    ['Bury', 'a looked-after excluded pupil still gets the sixth day: Bury states no first-day rule', { ...pex, lookedAfter: true }, /Ashgrove/, '2026-03-13'],
    ['Bury', 'illness goes to the fortnightly Section 19 panel', { medicalNeeds: true, reason: 'Unable to attend because of a long illness.' }, /Section 19 Multi-Agency Panel/, null],
    ['Bury', 'EOTAS for a pupil with a plan goes to the Section 19 panel', { hasEhcp: true, reason: 'Has an EHCP.', requested: 'EOTAS package' }, /EOTAS/, null],
    ['Bromley', 'secondary exclusion: Gateway, BTA Hayes', pex, /Gateway Panel: a place at BTA Hayes/, '2026-03-13'],
    ['Bromley', 'primary exclusion: Gateway, BTA Midfield', { ...pex, ageYears: 7, yearGroup: 2 }, /BTA Midfield/, '2026-03-13'],
    ['Bromley', 'mental health stopping attendance: BTA Blenheim', { medicalNeeds: true, reason: 'Severe anxiety; she has not attended since September.' }, /BTA Blenheim/, null],
    ['Bromley', 'medical: the Personalised Education Service via Gateway', { medicalNeeds: true, reason: 'Too ill to attend during cancer treatment.' }, /Personalised Education Service/, null],
    ['BCP', 'exclusion: the AP Panel decides Section 19 placements', pex, /AP Panel/, '2026-03-13'],
  ])('%s: %s', (authority, _n, over, destination, deadline) => {
    const r = route({ ...base, ...over }, { authority });
    expect(r.authority).toBe(authority);
    expect(r.destination).toMatch(destination);
    expect(r.deadline).toBe(deadline);
    // Every reason cites the authority's own document or the statute, never Hillingdon's paragraphs.
    for (const x of r.rules) expect(x.paragraph).not.toMatch(/^003/);
    expect(r.duties).toEqual([]);
  });

  it.each<[string, Partial<RoutingFacts>, RegExp]>([
    ['Bury', { lookedAfter: true, reason: 'In foster care.' }, /Virtual School/],
    ['Bury', { hasEhcp: true, reason: 'Has an EHC plan.' }, /EHC Assessment and Review Team/],
    ['Bromley', { hasEhcp: true, reason: 'Has an EHC plan.' }, /Education Inclusion and SEND Leadership Team/],
    ['Bromley', { lookedAfter: true, reason: 'In foster care.' }, /Virtual School/],
    ['BCP', { lookedAfter: true, reason: 'In foster care.' }, /Virtual School/],
    ['BCP', { hasEhcp: true, reason: 'Has an EHC plan.' }, /SEND service/],
  ])('%s says plainly where its documents define no route, and whom to ask: %o', (authority, over, ask) => {
    const r = route({ ...base, ...over }, { authority });
    expect(r.routeDefined).toBe(false);
    expect(r.primary).toBe('None');
    expect(r.ask).toMatch(ask);
    expect(describeRoute(r)).toMatch(new RegExp(`not defined in ${authority}'s documents`));
  });

  it('leaves school-arranged AP with the school, citing the authority', () => {
    for (const a of ['Bury', 'Bromley', 'BCP']) {
      const r = route(base, { authority: a });
      expect(r.primary).toBe('None');
      expect(r.routeDefined).toBe(true);
      expect(r.rules[0]!.paragraph).toMatch(new RegExp(a === 'BCP' ? 'BCP report' : a));
    }
  });

  it('names each authority and its document in the explanation', () => {
    for (const a of ['Bury', 'Bromley', 'BCP']) expect(describeRoute(route({ ...base, ...pex }, { authority: a }))).toContain(`Authority: ${a} (${loadPolicy(a).document})`);
  });
});
