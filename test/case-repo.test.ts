import { afterEach, expect, it } from 'vitest';
import { fixedClock } from '../common/clock.js';
import { DeliveryError, OutboxWorker, type OutboxRow } from '../cases/outbox.js';
import { CaseError, CaseRepo } from '../cases/repo.js';
import { routeOf, sampleReferral } from './helpers/referrals.js';
import { Store } from '../store/store.js';
import { describeEachBackend, freshLocation } from './helpers/stores.js';

const head = { key: 'aad-head', name: 'Head Teacher' };
const officer = { key: 'aad-officer', name: 'Olive Officer' };

describeEachBackend('cases', (backend) => {
  const stores: Store[] = [];
  afterEach(async () => Promise.all(stores.splice(0).map((s) => s.close())));
  const open = async (loc?: Awaited<ReturnType<typeof freshLocation>>) => {
    const s = await Store.open(loc ?? (await freshLocation(backend)));
    stores.push(s);
    return s;
  };

  // Several instances share PostgreSQL; SQLite is the single-instance store, so there the race is
  // between concurrent submits in one process.
  it('creates one case for a draft however often it is submitted, even concurrently', async () => {
    const loc = await freshLocation(backend);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const a = new CaseRepo((await open(loc)).db, clock);
    const b = backend === 'postgres' ? new CaseRepo((await open(loc)).db, clock) : a;
    const input = { draftId: 'draft-1', referrer: head, referral: sampleReferral, routing: routeOf(sampleReferral) };
    const results = await Promise.all([a.submit(input), b.submit(input), a.submit(input)]);
    expect(new Set(results.map((r) => r.case.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]!.case.reference).toBe('AP-2026-00001');
    const second = await a.submit({ ...input, draftId: 'draft-2' });
    expect(second.case.reference).toBe('AP-2026-00002');
    const outbox = await a.db.selectFrom('outbox').select(['target', 'kind']).where('case_id', '=', results[0]!.case.id).execute();
    expect(outbox).toEqual(expect.arrayContaining([{ target: 'team:Exclusions', kind: 'case_card' }, { target: 'team:VirtualSchool', kind: 'case_fyi' }]));
    expect(outbox).toHaveLength(2);
  });

  it('refuses an action from a stale card or on a closed case, and keeps an audit trail', async () => {
    const repo = new CaseRepo((await open()).db, fixedClock('2026-11-20T10:00:00Z'));
    const { case: c } = await repo.submit({ draftId: 'd', referrer: head, referral: sampleReferral, routing: routeOf(sampleReferral) });
    const accepted = await repo.act(c.id, 1, officer, { kind: 'accept' });
    expect(accepted).toMatchObject({ status: 'accepted', version: 2 });
    await expect(repo.act(c.id, 1, officer, { kind: 'assign' })).rejects.toMatchObject({ code: 'stale' });
    await repo.act(c.id, 2, officer, { kind: 'close', outcome: 'placement_agreed' });
    await expect(repo.act(c.id, 3, officer, { kind: 'assign' })).rejects.toBeInstanceOf(CaseError);
    const events = await repo.events(c.id);
    expect(events.map((e) => e.action)).toEqual(['submitted', 'accepted', 'closed']);
    const notices = await repo.db.selectFrom('outbox').select(['target', 'kind']).where('kind', '=', 'referrer_notice').execute();
    expect(notices).toEqual([{ target: 'user:aad-head', kind: 'referrer_notice' }, { target: 'user:aad-head', kind: 'referrer_notice' }]);
  });

  it('retries a failed delivery with backoff, honours Retry-After, and marks a 403 channel stale', async () => {
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const s = await open();
    const repo = new CaseRepo(s.db, clock);
    await repo.submit({ draftId: 'd', referrer: head, referral: sampleReferral, routing: routeOf(sampleReferral) });
    const answers: Record<string, Array<number | 'ok'>> = { 'team:Exclusions': [500, 429, 'ok'], 'team:VirtualSchool': [403] };
    const seen: string[] = [];
    const stale: string[] = [];
    const worker = new OutboxWorker(s.db, async (row: OutboxRow) => {
      const a = answers[row.target]!.shift();
      seen.push(`${row.target}:${a}`);
      if (a === 'ok') return { activityId: 'act-1' };
      throw new DeliveryError(a as number, a === 429 ? 30_000 : undefined);
    }, clock, { baseBackoffMs: 1000, onStale: async (r) => void stale.push(r.target) });
    expect(await worker.runOnce()).toBe(0); // 500 and 403
    expect(stale).toEqual(['team:VirtualSchool']);
    expect(await worker.runOnce()).toBe(0); // not due yet: backing off
    clock.advance(1000);
    expect(await worker.runOnce()).toBe(0); // 429: come back in 30 s
    clock.advance(29_000);
    expect(await worker.runOnce()).toBe(0);
    clock.advance(1000);
    expect(await worker.runOnce()).toBe(1);
    expect(seen).toEqual(['team:Exclusions:500', 'team:VirtualSchool:403', 'team:Exclusions:429', 'team:Exclusions:ok']);
    const rows = await s.db.selectFrom('outbox').select(['target', 'status', 'attempts']).orderBy('id').execute();
    expect(rows).toEqual([{ target: 'team:Exclusions', status: 'sent', attempts: 3 }, { target: 'team:VirtualSchool', status: 'stale', attempts: 1 }]);
  });

  it('survives a restart: undelivered messages are picked up by a new worker', async () => {
    const loc = await freshLocation(backend);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const s1 = await Store.open(loc);
    await new CaseRepo(s1.db, clock).submit({ draftId: 'd', referrer: head, referral: sampleReferral, routing: routeOf(sampleReferral) });
    await s1.close();
    const s2 = await open(loc);
    const sent: string[] = [];
    await new OutboxWorker(s2.db, async (r) => void sent.push(r.target), clock).runOnce();
    expect(sent.sort()).toEqual(['team:Exclusions', 'team:VirtualSchool']);
  });

  it('delivers each message once with two workers running at the same time', async () => {
    const loc = await freshLocation(backend);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const s1 = await open(loc);
    const s2 = await open(loc);
    const repo = new CaseRepo(s1.db, clock);
    for (let i = 0; i < 10; i++) await repo.submit({ draftId: `d${i}`, referrer: head, referral: sampleReferral, routing: routeOf(sampleReferral) });
    const sent: number[] = [];
    const deliver = async (r: OutboxRow) => {
      await new Promise((res) => setTimeout(res, 5));
      sent.push(r.id);
    };
    const w1 = new OutboxWorker(s1.db, deliver, clock, { batch: 3 });
    const w2 = new OutboxWorker(s2.db, deliver, clock, { batch: 3 });
    // A second a pass keeps both channels inside Teams' per-conversation rate limits.
    for (let i = 0; i < 12; i++) {
      await Promise.all([w1.runOnce(), w2.runOnce()]);
      clock.advance(1000);
    }
    expect(sent).toHaveLength(20);
    expect(new Set(sent).size).toBe(20);
  });
});
