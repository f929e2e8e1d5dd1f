import { afterEach, expect, it } from 'vitest';
import { EtagConflictError, Store } from '../store/store.js';
import { describeEachBackend, freshLocation } from './helpers/stores.js';

describeEachBackend('store', (backend) => {
  const open: Store[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  async function twoInstances() {
    const loc = await freshLocation(backend);
    const a = await Store.open(loc);
    const b = await Store.open(loc);
    open.push(a, b);
    return { loc, a, b };
  }

  it('keeps conversation state across a restart', async () => {
    const loc = await freshLocation(backend);
    const first = await Store.open(loc);
    await first.state.write('conv/1', { step: 'school' });
    await first.close();
    const second = await Store.open(loc);
    open.push(second);
    const read = await second.state.read(['conv/1', 'conv/missing']);
    expect(read.get('conv/1')?.data).toEqual({ step: 'school' });
    expect(read.has('conv/missing')).toBe(false);
  });

  it('refuses a write based on a stale version, so two instances never overwrite each other', async () => {
    const { a, b } = await twoInstances();
    const etag = await a.state.write('conv/2', { n: 0 });
    const seenByA = (await a.state.read(['conv/2'])).get('conv/2')!;
    const seenByB = (await b.state.read(['conv/2'])).get('conv/2')!;
    expect(seenByA.etag).toBe(etag);
    const results = await Promise.allSettled([
      a.state.write('conv/2', { n: 1, by: 'a' }, seenByA.etag),
      b.state.write('conv/2', { n: 1, by: 'b' }, seenByB.etag),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r) => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(EtagConflictError);
    const final = (await a.state.read(['conv/2'])).get('conv/2')!;
    expect(final.data.n).toBe(1);
  });

  it('lets exactly one of two racing first writers create an item', async () => {
    const { a, b } = await twoInstances();
    const results = await Promise.allSettled([
      a.state.write('conv/3', { by: 'a' }, 'etag-from-an-empty-read'),
      b.state.write('conv/3', { by: 'b' }, 'etag-from-an-empty-read'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('overwrites with "*" and deletes', async () => {
    const { a } = await twoInstances();
    await a.state.write('conv/4', { v: 1 });
    await a.state.write('conv/4', { v: 2 }, '*');
    expect((await a.state.read(['conv/4'])).get('conv/4')?.data).toEqual({ v: 2 });
    await a.state.delete(['conv/4']);
    expect((await a.state.read(['conv/4'])).size).toBe(0);
  });

  it('stores conversation references for proactive messages, one per key', async () => {
    const { a, b } = await twoInstances();
    await a.conversations.save({ key: 'channel:19:abc', kind: 'channel', reference: { conversation: { id: '19:abc' } } });
    await b.conversations.save({ key: 'channel:19:abc', kind: 'channel', reference: { conversation: { id: '19:abc' }, v: 2 } });
    expect((await a.conversations.get('channel:19:abc'))?.reference).toEqual({ conversation: { id: '19:abc' }, v: 2 });
    await a.conversations.delete('channel:19:abc');
    expect(await b.conversations.get('channel:19:abc')).toBeUndefined();
  });

  it('stores answer feedback', async () => {
    const { a } = await twoInstances();
    await a.feedback.add({ replyToId: 'act-1', userHash: 'u1', reaction: 'dislike', comment: 'wrong paragraph' });
    const rows = await a.feedback.list();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reply_to_id: 'act-1', reaction: 'dislike', comment: 'wrong paragraph' });
  });

  it('migrates an existing database without losing data', async () => {
    const loc = await freshLocation(backend);
    const s1 = await Store.open(loc);
    await s1.feedback.add({ replyToId: 'x', userHash: 'u', reaction: 'like' });
    await s1.close();
    const s2 = await Store.open(loc);
    open.push(s2);
    expect(await s2.feedback.list()).toHaveLength(1);
  });
});
