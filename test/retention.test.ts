import { afterEach, expect, it } from 'vitest';
import { CaseRepo } from '../cases/repo.js';
import { caseBoardSource } from '../board/case-source.js';
import { CasePermissions } from '../cases/permissions.js';
import { purge, purgeOncePerDay } from '../cases/retention.js';
import { fixedClock } from '../common/clock.js';
import { Drafts } from '../referrals/drafts.js';
import { Store } from '../store/store.js';
import { routeOf, sampleReferral } from './helpers/referrals.js';
import { describeEachBackend, freshLocation } from './helpers/stores.js';

const head = { key: 'aad-head', name: 'Head Teacher' };
const officer = { key: 'aad-officer', name: 'Olive Officer' };
const settings = { draftDays: 30, closedCaseDays: 365 };

describeEachBackend('retention', (backend) => {
  const stores: Store[] = [];
  afterEach(async () => Promise.all(stores.splice(0).map((s) => s.close())));

  it('deletes drafts left for the retention period and keeps newer ones', async () => {
    const store = await Store.open(await freshLocation(backend));
    stores.push(store);
    const clock = fixedClock('2026-01-01T09:00:00Z');
    const drafts = new Drafts(store.db, clock);
    const old = await drafts.create('aad-head', { pupilName: 'Old Pupil' });
    clock.set('2026-01-25T09:00:00Z');
    const recent = await drafts.create('aad-head', { pupilName: 'Recent Pupil' });
    clock.set('2026-02-05T09:00:00Z'); // 35 days after the first, 11 after the second
    expect(await purge(store.db, clock, settings)).toEqual({ draftsDeleted: 1, casesReduced: 0 });
    const left = await store.db.selectFrom('referral_drafts').select(['id', 'data']).execute();
    expect(left.map((r) => r.id)).toEqual([recent.id]);
    expect(JSON.stringify(left)).not.toContain('Old Pupil');
    expect(old.id).not.toBe(recent.id);
  });

  it('reduces a case closed longer than the retention period to what reports count', async () => {
    const store = await Store.open(await freshLocation(backend));
    stores.push(store);
    const clock = fixedClock('2026-01-05T09:00:00Z');
    const repo = new CaseRepo(store.db, clock);
    const referral = { ...sampleReferral, upn: 'A12345678901B' };
    const { case: closedOld } = await repo.submit({ draftId: 'd1', referrer: head, referral, routing: routeOf(referral), checked: [{ field: 'lookedAfter', evidence: 'in foster care with Mrs Jones', answer: 'the reason is right: looked after' }] });
    await repo.act(closedOld.id, 1, officer, { kind: 'requestInfo', question: 'Is Sam still living at 12 High Street?' });
    await repo.act(closedOld.id, 2, head, { kind: 'reply', answer: 'Yes, with his aunt' });
    await repo.act(closedOld.id, 3, officer, { kind: 'close', outcome: 'placement_agreed' });
    const { case: open } = await repo.submit({ draftId: 'd2', referrer: head, referral, routing: routeOf(referral) });
    clock.set('2027-02-01T09:00:00Z'); // over a year after the close
    const { case: closedRecent } = await repo.submit({ draftId: 'd3', referrer: head, referral, routing: routeOf(referral) });
    await repo.act(closedRecent.id, 1, officer, { kind: 'close', outcome: 'withdrawn' });

    expect(await purge(store.db, clock, settings)).toMatchObject({ casesReduced: 1 });
    const row = await store.db.selectFrom('cases').selectAll().where('id', '=', closedOld.id).executeTakeFirstOrThrow();
    const events = await store.db.selectFrom('case_events').selectAll().where('case_id', '=', closedOld.id).execute();
    const outbox = await store.db.selectFrom('outbox').selectAll().where('case_id', '=', closedOld.id).execute();
    const kept = JSON.stringify([row, events, outbox]);
    for (const secret of ['Sam Pupil', '2012-01-15', 'A12345678901B', 'assault', 'head@oak.sch.uk', 'Mrs Jones', '12 High Street', 'his aunt', 'Day-one provision']) expect(kept).not.toContain(secret);
    // What reports count is still there.
    expect(row).toMatchObject({ status: 'closed', outcome: 'placement_agreed', school: 'Oak Academy', year_group: 9, primary_team: 'Exclusions' });
    const source = caseBoardSource(repo, clock, new CasePermissions(repo, []));
    const report = await source.report({ from: '2026-01-01', to: '2027-12-31', visibility: { teams: 'all' } });
    expect(report.find((s) => s.title === 'Cases by reason')!.rows).toEqual(expect.arrayContaining([{ label: 'Looked after', value: null }]));
    // The open case and the recently closed one keep their details.
    for (const id of [open.id, closedRecent.id]) expect((await repo.get(id))!.referral.pupilName).toBe('Sam Pupil');
    // Running again changes nothing more.
    expect(await purge(store.db, clock, settings)).toEqual({ draftsDeleted: 0, casesReduced: 0 });
  });

  it('runs the daily purge once a day however many instances ask', async () => {
    const loc = await freshLocation(backend);
    const a = await Store.open(loc);
    const b = backend === 'postgres' ? await Store.open(loc) : a;
    stores.push(a);
    if (b !== a) stores.push(b);
    const clock = fixedClock('2026-03-02T03:00:00Z');
    const runs = await Promise.all([purgeOncePerDay(a, clock, settings), purgeOncePerDay(b, clock, settings), purgeOncePerDay(a, clock, settings)]);
    expect(runs.filter(Boolean)).toHaveLength(1);
    clock.set('2026-03-03T03:00:00Z');
    expect(await purgeOncePerDay(b, clock, settings)).toBeDefined();
  });
});
