import type { Storage, StoreItems } from 'botbuilder';
import { EtagConflictError, type Store } from '../store/store.js';

/**
 * botbuilder's Storage over the store: state survives restarts and is shared by every
 * instance. A write carrying a stale eTag fails instead of silently overwriting.
 */
export class StoreStorage implements Storage {
  constructor(private readonly store: Store) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.store.state.read(keys);
    const out: StoreItems = {};
    for (const [key, item] of items) out[key] = { ...item.data, eTag: item.etag };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, value] of Object.entries(changes)) {
      const { eTag, ...data } = (value ?? {}) as Record<string, unknown> & { eTag?: string };
      try {
        await this.store.state.write(key, data, eTag);
      } catch (e) {
        if (e instanceof EtagConflictError) throw new Error(`Storage: eTag conflict for ${key}`);
        throw e;
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.store.state.delete(keys);
  }
}
