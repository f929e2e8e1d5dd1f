import { type Kysely, sql } from 'kysely';
import type { Clock } from '../common/clock.js';
import type { Database, OutboxTable } from '../store/schema.js';

/** A send that failed, with what the channel said: 429 carries how long to wait. */
export class DeliveryError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(`delivery failed with ${status}`);
    this.name = 'DeliveryError';
  }
}

export type OutboxRow = Omit<OutboxTable, 'id'> & { id: number };

/** Delivers one outbox message; returns the posted activity id when there is one. */
export type Deliver = (row: OutboxRow) => Promise<{ activityId?: string } | void>;

export interface OutboxOptions {
  batch?: number;
  maxAttempts?: number;
  /** How long a claimed row stays invisible to other workers. */
  leaseMs?: number;
  baseBackoffMs?: number;
  /** A channel that answers 403/404 (bot removed, channel deleted): the target is marked stale. */
  onStale?: (row: OutboxRow) => Promise<void>;
  onDelivered?: (row: OutboxRow, activityId?: string) => Promise<void>;
}

/**
 * Delivers what cases wrote to the outbox, at least once per attempt and exactly once in effect:
 * rows are claimed under a lease (on PostgreSQL with FOR UPDATE SKIP LOCKED, so several
 * instances never take the same row), retried with exponential backoff, and a 429's Retry-After
 * is honoured.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly pg: boolean;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly deliver: Deliver,
    private readonly clock: Clock,
    private readonly opts: OutboxOptions = {},
  ) {
    this.pg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  }

  private async claim(): Promise<OutboxRow[]> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const lease = new Date(now.getTime() + (this.opts.leaseMs ?? 60_000)).toISOString();
    const limit = this.opts.batch ?? 10;
    const lock = this.pg ? sql` for update skip locked` : sql``;
    const res = await sql<OutboxRow>`
      update outbox set locked_until = ${lease}
      where id in (
        select id from outbox
        where status = 'pending' and next_attempt_at <= ${nowIso} and (locked_until is null or locked_until < ${nowIso})
        order by id limit ${limit}${lock}
      )
      returning *`.execute(this.db);
    return [...res.rows].sort((a, b) => a.id - b.id);
  }

  /** One pass: claims due rows and delivers them. Returns how many were delivered. */
  async runOnce(): Promise<number> {
    const rows = await this.claim();
    let delivered = 0;
    for (const row of rows) {
      try {
        const out = await this.deliver(row);
        const activityId = out && out.activityId ? out.activityId : null;
        await this.db.updateTable('outbox').set({ status: 'sent', locked_until: null, activity_id: activityId, attempts: row.attempts + 1 }).where('id', '=', row.id).execute();
        await this.opts.onDelivered?.(row, activityId ?? undefined);
        delivered++;
      } catch (e) {
        const status = e instanceof DeliveryError ? e.status : 0;
        const attempts = row.attempts + 1;
        if (status === 403 || status === 404) {
          await this.db.updateTable('outbox').set({ status: 'stale', locked_until: null, attempts, last_error: `channel answered ${status}` }).where('id', '=', row.id).execute();
          await this.opts.onStale?.(row);
          continue;
        }
        const backoff = e instanceof DeliveryError && e.retryAfterMs !== undefined ? e.retryAfterMs : (this.opts.baseBackoffMs ?? 2000) * 2 ** Math.min(attempts - 1, 10);
        const failed = attempts >= (this.opts.maxAttempts ?? 12);
        await this.db
          .updateTable('outbox')
          .set({
            status: failed ? 'failed' : 'pending',
            attempts,
            locked_until: null,
            last_error: status ? `HTTP ${status}` : (e as Error).name,
            next_attempt_at: new Date(this.clock.now().getTime() + backoff).toISOString(),
          })
          .where('id', '=', row.id)
          .execute();
      }
    }
    return delivered;
  }

  start(intervalMs: number, onError: (e: unknown) => void): void {
    const tick = () => {
      this.running = this.runOnce().catch((e) => {
        onError(e);
        return 0;
      });
      void this.running.finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    const t = this.timer;
    this.timer = undefined;
    if (t) clearTimeout(t);
    await this.running;
  }
}
