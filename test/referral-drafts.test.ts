import { afterEach, expect, it } from 'vitest';
import { fixedClock } from '../common/clock.js';
import { Drafts, routeReferral, type DraftRouter } from '../referrals/drafts.js';
import { Store } from '../store/store.js';
import { describeEachBackend, freshLocation } from './helpers/stores.js';

const pupil = { pupilName: 'Sam Pupil', dateOfBirth: '2012-01-15', yearGroup: '9', upn: '', school: 'Oak Academy' };
const referrer = { referrerName: 'Hana Head', referrerRole: 'Head', referrerContact: 'head@oak.sch.uk' };
const facts = { hasEhcp: 'false', lookedAfter: 'false', permanentlyExcluded: 'true', exclusionStartDate: '2026-11-20', suspensionDays: '0', medicalNeeds: 'false', onSchoolRoll: 'true', notInFullTimeEducation: 'false' };
const request = { reason: 'The head confirmed the permanent exclusion.', requested: 'Provision from day six', parentsInformed: 'true', pupilViews: '' };

describeEachBackend('referral drafts', (backend) => {
  const stores: Store[] = [];
  afterEach(async () => Promise.all(stores.splice(0).map((s) => s.close())));
  const open = async () => {
    const s = await Store.open(await freshLocation(backend));
    stores.push(s);
    return s;
  };

  it('routes a draft once each time it changes, and reading it back does not route it again', async () => {
    const store = await open();
    let calls = 0;
    const router: DraftRouter = (r, c, today) => {
      calls++;
      return routeReferral(r, c, today);
    };
    const drafts = new Drafts(store.db, fixedClock('2026-11-23T09:00:00Z'), router);
    let d = await drafts.create('aad-head');
    for (const [section, input] of [['pupil', pupil], ['referrer', referrer], ['facts', facts]] as const) d = (await drafts.saveSection(d, d.version, section, input)).draft;
    expect(calls).toBe(0);
    d = (await drafts.saveSection(d, d.version, 'request', request)).draft;
    expect(d.section).toBe('preview');
    expect(calls).toBe(1);
    expect(d.routing?.primary).toBe('Exclusions');
    const again = await drafts.get(d.id, 'aad-head');
    expect(again.routing?.primary).toBe('Exclusions');
    expect(calls).toBe(1);
  });

  it('deletes what was typed when a draft is discarded', async () => {
    const store = await open();
    const drafts = new Drafts(store.db, fixedClock('2026-11-23T09:00:00Z'));
    let d = await drafts.create('aad-head');
    d = (await drafts.saveSection(d, d.version, 'pupil', pupil)).draft;
    d = (await drafts.saveSection(d, d.version, 'referrer', referrer)).draft;
    const before = await store.db.selectFrom('referral_drafts').select('data').where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(before.data).toContain('Sam Pupil');
    await drafts.discard(d, d.version);
    const row = await store.db.selectFrom('referral_drafts').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('discarded');
    for (const detail of ['Sam Pupil', '2012-01-15', 'Oak Academy', 'Hana Head', 'head@oak.sch.uk']) expect(row.data).not.toContain(detail);
  });
});
