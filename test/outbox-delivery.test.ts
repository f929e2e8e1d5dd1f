import { afterEach, expect, it } from 'vitest';
import { DeliveryError, OutboxWorker, type OutboxRow } from '../cases/outbox.js';
import { CaseRepo } from '../cases/repo.js';
import { fixedClock } from '../common/clock.js';
import { Store } from '../store/store.js';
import { routeOf, sampleReferral } from './helpers/referrals.js';
import { describeEachBackend, freshLocation } from './helpers/stores.js';

const head = { key: 'aad-head', name: 'Head Teacher' };
const submit = (repo: CaseRepo, n: number) => repo.submit({ draftId: `draft-${n}`, referrer: head, referral: sampleReferral, routing: routeOf(sampleReferral) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A hand-released promise: a send that is still in progress. */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

describeEachBackend('case message delivery', (backend) => {
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
  });
  const open = async (loc: Awaited<ReturnType<typeof freshLocation>>) => {
    const s = await Store.open(loc);
    stores.push(s);
    return s;
  };

  it('after an instance dies mid-send, another repeats only the message that was in flight, with the same case state, within the lease', async () => {
    const loc = await freshLocation(backend);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const s1 = await open(loc);
    const s2 = await open(loc);
    const repo = new CaseRepo(s2.db, clock);
    for (let i = 1; i <= 3; i++) await submit(repo, i); // 3 cards to Exclusions, 3 copies to the Virtual School
    // What the chat service accepted: the row and the case version its card showed.
    const accepted: Array<{ id: number; version: number }> = [];
    const hang = gate();
    let calls = 0;
    const dying = new OutboxWorker(s1.db, async (row: OutboxRow) => {
      accepted.push({ id: row.id, version: (await repo.get(row.case_id))!.version });
      // The third send reaches Teams, then the process is killed before it records the send.
      if (++calls === 3) await hang.p;
    }, clock, { leaseMs: 1000 });
    const firstRun = dying.runOnce().catch(() => 'died');
    await until(() => calls === 3);
    await s1.close(); // the instance is gone: nothing it holds is renewed or recorded

    const survivor = new OutboxWorker(s2.db, async (row: OutboxRow) => {
      accepted.push({ id: row.id, version: (await repo.get(row.case_id))!.version });
    }, clock, { leaseMs: 1000 });
    clock.advance(500);
    expect(await survivor.runOnce()).toBe(0); // still inside the dead instance's lease
    clock.advance(501);
    expect(await survivor.runOnce()).toBe(4); // the in-flight row and the three never tried

    const ids = accepted.map((a) => a.id);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(repeated).toEqual([ids[2]]); // only the row that was in flight went twice
    const copies = accepted.filter((a) => a.id === ids[2]);
    expect(copies[0]!.version).toBe(copies[1]!.version);
    expect(new Set(ids).size).toBe(6);
    const rows = await s2.db.selectFrom('outbox').select('status').execute();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    hang.open();
    await firstRun;
  });

  it('renews the lease while a send is in progress, so a slow send is not taken over', async () => {
    const loc = await freshLocation(backend);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const s1 = await open(loc);
    const s2 = await open(loc);
    await submit(new CaseRepo(s1.db, clock), 1);
    const sent: number[] = [];
    const slow = gate();
    let started = false;
    const busy = new OutboxWorker(s1.db, async (row) => {
      started = true;
      await slow.p;
      sent.push(row.id);
    }, clock, { leaseMs: 300 });
    const run = busy.runOnce();
    await until(() => started);
    clock.advance(250);
    await sleep(250); // the busy worker renews (every lease/3)
    clock.advance(100); // past the first lease, inside the renewed one
    const other = new OutboxWorker(s2.db, async (row) => void sent.push(row.id), clock, { leaseMs: 300 });
    expect(await other.runOnce()).toBe(0);
    slow.open();
    expect(await run).toBe(2);
    expect(sent).toHaveLength(2);
    expect(new Set(sent).size).toBe(2);
  });

  it("holds back every message to a conversation until a 429's Retry-After has passed, on every instance", async () => {
    const loc = await freshLocation(backend);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const s1 = await open(loc);
    const s2 = await open(loc);
    const repo = new CaseRepo(s1.db, clock);
    for (let i = 1; i <= 3; i++) await submit(repo, i);
    const log: string[] = [];
    let throttled = false;
    const deliver = async (row: OutboxRow) => {
      if (row.target === 'team:Exclusions' && !throttled) {
        throttled = true;
        log.push(`${clock.now().toISOString().slice(11, 19)} ${row.target} 429`);
        throw new DeliveryError(429, 30_000);
      }
      log.push(`${clock.now().toISOString().slice(11, 19)} ${row.target}`);
    };
    const w1 = new OutboxWorker(s1.db, deliver, clock);
    const w2 = new OutboxWorker(s2.db, deliver, clock);
    await w1.runOnce();
    // A case made during the wait is held back too, and so is a second instance.
    await submit(repo, 4);
    clock.advance(10_000);
    await w2.runOnce();
    clock.advance(19_000);
    await w1.runOnce();
    await w2.runOnce();
    expect(log.filter((l) => l.includes('Exclusions'))).toEqual(['10:00:00 team:Exclusions 429']);
    expect(log.filter((l) => l.includes('VirtualSchool'))).toHaveLength(4); // other conversations carry on
    clock.advance(1000);
    await w2.runOnce();
    await w1.runOnce();
    expect(log.filter((l) => l.includes('Exclusions'))).toEqual(['10:00:00 team:Exclusions 429', ...Array(4).fill('10:00:30 team:Exclusions')]);
  });

  it("keeps each conversation within Teams' published rate limits", async () => {
    const loc = await freshLocation(backend);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const s = await open(loc);
    const repo = new CaseRepo(s.db, clock);
    for (let i = 1; i <= 20; i++) await submit(repo, i);
    const at: number[] = [];
    const w = new OutboxWorker(s.db, async (row) => void (row.target === 'team:Exclusions' && at.push(clock.now().getTime())), clock, { batch: 50 });
    for (let step = 0; step < 40 && at.length < 20; step++) {
      await w.runOnce();
      clock.advance(250);
    }
    expect(at).toHaveLength(20);
    const inWindow = (t: number, ms: number) => at.filter((x) => x >= t && x < t + ms).length;
    expect(Math.max(...at.map((t) => inWindow(t, 1000)))).toBeLessThanOrEqual(7);
    expect(Math.max(...at.map((t) => inWindow(t, 2000)))).toBeLessThanOrEqual(8);
  });
});

async function until(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}
