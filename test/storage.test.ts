import { afterEach, expect, it } from 'vitest';
import { StoreStorage } from '../bot/storage.js';
import { Store } from '../store/store.js';
import { describeEachBackend, freshLocation } from './helpers/stores.js';

describeEachBackend('botbuilder Storage over the store', (backend) => {
  const stores: Store[] = [];
  afterEach(async () => Promise.all(stores.splice(0).map((s) => s.close())));

  it('round-trips items with eTags and survives a restart', async () => {
    const loc = await freshLocation(backend);
    const s1 = await Store.open(loc);
    await new StoreStorage(s1).write({ 'msteams/conv-1/conversationState': { step: 2, eTag: '*' } });
    await s1.close();
    const s2 = await Store.open(loc);
    stores.push(s2);
    const items = await new StoreStorage(s2).read(['msteams/conv-1/conversationState']);
    expect(items['msteams/conv-1/conversationState']).toMatchObject({ step: 2, eTag: expect.any(String) });
  });

  it('makes the second of two instances writing from the same read fail instead of overwriting', async () => {
    const loc = await freshLocation(backend);
    const a = await Store.open(loc);
    const b = await Store.open(loc);
    stores.push(a, b);
    const storageA = new StoreStorage(a);
    const storageB = new StoreStorage(b);
    await storageA.write({ k: { count: 0, eTag: '*' } });
    const readA = (await storageA.read(['k'])).k;
    const readB = (await storageB.read(['k'])).k;
    await storageA.write({ k: { ...readA, count: 1 } });
    await expect(storageB.write({ k: { ...readB, count: 100 } })).rejects.toThrow(/eTag conflict/);
    expect((await storageB.read(['k'])).k).toMatchObject({ count: 1 });
  });
});
