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

/** At most `count` messages to one conversation in any `perMs` window. */
export interface RateLimit {
  count: number;
  perMs: number;
}

/**
 * Teams' published limits for one bot sending to one conversation (thread): 7 per second, 8 per
 * 2 seconds, 60 per 30 seconds, 1800 per hour
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit, "Per bot per thread limit").
 */
export const TEAMS_CONVERSATION_LIMITS: readonly RateLimit[] = [
  { count: 7, perMs: 1000 },
  { count: 8, perMs: 2000 },
  { count: 60, perMs: 30_000 },
  { count: 1800, perMs: 3_600_000 },
];

export const DEFAULT_LEASE_MS = 15_000;

export interface OutboxOptions {
  batch?: number;
  maxAttempts?: number;
  /**
   * How long a claimed row stays invisible to other workers. The claiming worker renews it while
   * it works through its batch, so this only bounds how long a dead instance's rows wait.
   */
  leaseMs?: number;
  baseBackoffMs?: number;
  /** Per-target ceilings; Teams' published per-conversation limits unless given. */
  rateLimits?: readonly RateLimit[];
  /** A channel that answers 403/404 (bot removed, channel deleted): the target is marked stale. */
  onStale?: (row: OutboxRow) => Promise<void>;
  onDelivered?: (row: OutboxRow, activityId?: string) => Promise<void>;
}

/**
 * Delivers what cases wrote to the outbox **at least once**. Rows are claimed under a short
 * lease (on PostgreSQL with FOR UPDATE SKIP LOCKED, so two instances never take the same row),
 * renewed while the batch is being sent, retried with exponential backoff; a 429's Retry-After
 * holds back every message to that target, and each target is kept within Teams' rate limits.
 *
 * Why not exactly once: no chat service takes an idempotency key, so if the process dies after
 * Teams accepted a message and before the row is marked sent, that one message goes again after
 * the lease runs out. Only rows that were in flight can repeat, and a repeated case card is the
 * same live card (it carries the case id and version and refreshes to the case's current state,
 * so acting on either copy acts once); delivery also checks for an existing post of the case
 * first, which narrows the window to the moment between Teams' answer and that record.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly pg: boolean;
  private readonly leaseMs: number;
  private readonly limits: readonly RateLimit[];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly deliver: Deliver,
    private readonly clock: Clock,
    private readonly opts: OutboxOptions = {},
  ) {
    this.pg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.limits = opts.rateLimits ?? TEAMS_CONVERSATION_LIMITS;
  }

  private iso(offsetMs = 0): string {
    return new Date(this.clock.now().getTime() + offsetMs).toISOString();
  }

  private async claim(): Promise<OutboxRow[]> {
    const nowIso = this.iso();
    const lease = this.iso(this.leaseMs);
    const limit = this.opts.batch ?? 10;
    const lock = this.pg ? sql` for update skip locked` : sql``;
    const res = await sql<OutboxRow>`
      update outbox set locked_until = ${lease}
      where id in (
        select id from outbox
        where status = 'pending' and next_attempt_at <= ${nowIso} and (locked_until is null or locked_until < ${nowIso})
          and not exists (select 1 from outbox_holds h where h.target = outbox.target and h.until > ${nowIso})
        order by id limit ${limit}${lock}
      )
      returning *`.execute(this.db);
    return [...res.rows].sort((a, b) => a.id - b.id);
  }

  /** Extends the lease of rows this worker still holds, so a long send is not taken over. */
  private async renew(ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.db.updateTable('outbox').set({ locked_until: this.iso(this.leaseMs) }).where('id', 'in', ids).where('status', '=', 'pending').execute();
  }

  /** Nothing goes to `target` before `untilIso`, from any instance. */
  private async hold(target: string, untilIso: string): Promise<void> {
    await this.db
      .insertInto('outbox_holds')
      .values({ target, until: untilIso })
      .onConflict((oc) => oc.column('target').doUpdateSet({ until: sql`case when outbox_holds.until > excluded.until then outbox_holds.until else excluded.until end` }))
      .execute();
  }

  /** When `target` may next be sent to under the rate limits, or undefined if now. */
  private async rateFreeAt(target: string): Promise<string | undefined> {
    const now = this.clock.now().getTime();
    let freeAt: number | undefined;
    for (const l of this.limits) {
      // The count-th most recent send inside the window: if there is one, the window is full
      // until it falls out.
      const row = await this.db
        .selectFrom('outbox')
        .select('sent_at')
        .where('target', '=', target)
        .where('sent_at', '>', new Date(now - l.perMs).toISOString())
        .orderBy('sent_at', 'desc')
        .limit(1)
        .offset(l.count - 1)
        .executeTakeFirst();
      if (row?.sent_at) {
        const at = Date.parse(row.sent_at) + l.perMs;
        freeAt = Math.max(freeAt ?? 0, at);
      }
    }
    return freeAt !== undefined && freeAt > now ? new Date(freeAt).toISOString() : undefined;
  }

  /** Puts a claimed row back, unattempted, to wait for its target's hold. */
  private async release(row: OutboxRow, untilIso: string): Promise<void> {
    await this.db.updateTable('outbox').set({ locked_until: null, next_attempt_at: untilIso }).where('id', '=', row.id).execute();
  }

  /** One pass: claims due rows and delivers them. Returns how many were delivered. */
  async runOnce(): Promise<number> {
    const rows = await this.claim();
    if (!rows.length) return 0;
    const pending = new Set(rows.map((r) => r.id));
    const heartbeat = setInterval(() => void this.renew([...pending]).catch(() => undefined), Math.max(50, Math.floor(this.leaseMs / 3)));
    heartbeat.unref();
    const held = new Map<string, string>();
    let delivered = 0;
    try {
      for (const row of rows) {
        const heldUntil = held.get(row.target) ?? (await this.rateFreeAt(row.target));
        if (heldUntil && heldUntil > this.iso()) {
          held.set(row.target, heldUntil);
          await this.hold(row.target, heldUntil);
          await this.release(row, heldUntil);
          pending.delete(row.id);
          continue;
        }
        try {
          const out = await this.deliver(row);
          const activityId = out && out.activityId ? out.activityId : null;
          await this.db
            .updateTable('outbox')
            .set({ status: 'sent', locked_until: null, activity_id: activityId, attempts: row.attempts + 1, sent_at: this.iso() })
            .where('id', '=', row.id)
            .execute();
          pending.delete(row.id);
          await this.opts.onDelivered?.(row, activityId ?? undefined);
          delivered++;
        } catch (e) {
          pending.delete(row.id);
          await this.failed(row, e, held);
        }
      }
    } finally {
      clearInterval(heartbeat);
    }
    return delivered;
  }

  private async failed(row: OutboxRow, e: unknown, held: Map<string, string>): Promise<void> {
    const status = e instanceof DeliveryError ? e.status : 0;
    const attempts = row.attempts + 1;
    if (status === 403 || status === 404) {
      await this.db.updateTable('outbox').set({ status: 'stale', locked_until: null, attempts, last_error: `channel answered ${status}` }).where('id', '=', row.id).execute();
      await this.opts.onStale?.(row);
      return;
    }
    const retryAfter = e instanceof DeliveryError && e.retryAfterMs !== undefined ? e.retryAfterMs : undefined;
    const backoff = retryAfter ?? (this.opts.baseBackoffMs ?? 2000) * 2 ** Math.min(attempts - 1, 10);
    const next = this.iso(backoff);
    if (status === 429) {
      // Teams throttles per conversation: everything else to this target waits too, on every instance.
      const until = this.iso(retryAfter ?? backoff);
      held.set(row.target, until);
      await this.hold(row.target, until);
    }
    const failed = attempts >= (this.opts.maxAttempts ?? 12);
    await this.db
      .updateTable('outbox')
      .set({
        status: failed ? 'failed' : 'pending',
        attempts,
        locked_until: null,
        last_error: status ? `HTTP ${status}` : (e as Error).name,
        next_attempt_at: next,
      })
      .where('id', '=', row.id)
      .execute();
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
