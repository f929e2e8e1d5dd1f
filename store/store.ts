import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../common/clock.js';
import { systemClock } from '../common/clock.js';
import { migrateToLatest, openDatabase, ping, type StoreLocation } from './db.js';
import type { Database } from './schema.js';

/** A stored state item and the tag of the version it was read at. */
export interface StateItem {
  data: Record<string, unknown>;
  etag: string;
}

/** Thrown when a write names an etag that is no longer current: someone else wrote first. */
export class EtagConflictError extends Error {
  constructor(public readonly key: string) {
    super(`State for ${key} was changed by another writer`);
    this.name = 'EtagConflictError';
  }
}

export interface ConversationRef {
  key: string;
  kind: 'user' | 'channel';
  reference: Record<string, unknown>;
}

export interface FeedbackInput {
  replyToId: string;
  userHash: string;
  reaction: 'like' | 'dislike';
  comment?: string | null;
}

/**
 * The bot's persistent store: one interface over SQLite and PostgreSQL.
 *
 * @example
 * const store = await Store.open({ kind: 'sqlite', path: 'data/ap-assist.db' });
 * await store.state.write('conv/1', { turns: 1 }, '*');
 */
export class Store {
  private constructor(
    readonly db: Kysely<Database>,
    readonly clock: Clock,
  ) {}

  static async open(location: StoreLocation, opts: { clock?: Clock; migrate?: boolean } = {}): Promise<Store> {
    const db = openDatabase(location);
    if (opts.migrate !== false) await migrateToLatest(db, location.kind === 'postgres' ? location.schema : undefined);
    return new Store(db, opts.clock ?? systemClock);
  }

  ping(): Promise<void> {
    return ping(this.db);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  readonly state = {
    read: async (keys: string[]): Promise<Map<string, StateItem>> => {
      const out = new Map<string, StateItem>();
      if (keys.length === 0) return out;
      const rows = await this.db.selectFrom('bot_state').select(['key', 'etag', 'data']).where('key', 'in', keys).execute();
      for (const r of rows) out.set(r.key, { data: JSON.parse(r.data) as Record<string, unknown>, etag: r.etag });
      return out;
    },

    /**
     * Writes one item. `expectedEtag` '*' (or undefined) overwrites; any other value must match
     * the stored version, or EtagConflictError is thrown and nothing is written.
     */
    write: async (key: string, data: Record<string, unknown>, expectedEtag?: string): Promise<string> => {
      const etag = randomUUID();
      const row = { key, etag, data: JSON.stringify(data), updated_at: this.now() };
      if (expectedEtag === undefined || expectedEtag === '*') {
        await this.db
          .insertInto('bot_state')
          .values(row)
          .onConflict((oc) => oc.column('key').doUpdateSet({ etag: row.etag, data: row.data, updated_at: row.updated_at }))
          .execute();
        return etag;
      }
      const res = await this.db
        .updateTable('bot_state')
        .set({ etag, data: row.data, updated_at: row.updated_at })
        .where('key', '=', key)
        .where('etag', '=', expectedEtag)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) return etag;
      // The item may not exist yet: a first write with a (stale) tag from an empty read.
      const inserted = await this.db
        .insertInto('bot_state')
        .values(row)
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return etag;
      throw new EtagConflictError(key);
    },

    delete: async (keys: string[]): Promise<void> => {
      if (keys.length === 0) return;
      await this.db.deleteFrom('bot_state').where('key', 'in', keys).execute();
    },
  };

  readonly conversations = {
    save: async (ref: ConversationRef): Promise<void> => {
      const row = { key: ref.key, kind: ref.kind, reference: JSON.stringify(ref.reference), updated_at: this.now() };
      await this.db
        .insertInto('conversation_refs')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ reference: row.reference, updated_at: row.updated_at, kind: row.kind }))
        .execute();
    },
    get: async (key: string): Promise<ConversationRef | undefined> => {
      const r = await this.db.selectFrom('conversation_refs').selectAll().where('key', '=', key).executeTakeFirst();
      return r ? { key: r.key, kind: r.kind, reference: JSON.parse(r.reference) as Record<string, unknown> } : undefined;
    },
    delete: async (key: string): Promise<void> => {
      await this.db.deleteFrom('conversation_refs').where('key', '=', key).execute();
    },
  };

  readonly feedback = {
    add: async (f: FeedbackInput): Promise<void> => {
      await this.db
        .insertInto('feedback')
        .values({
          reply_to_id: f.replyToId,
          user_hash: f.userHash,
          reaction: f.reaction,
          comment: f.comment ?? null,
          created_at: this.now(),
        })
        .execute();
    },
    list: async () =>
      this.db.selectFrom('feedback').selectAll().orderBy('id').execute(),
  };
}
