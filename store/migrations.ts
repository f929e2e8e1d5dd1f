import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

/** Auto-increment ids are the one column type the two dialects spell differently. */
function idColumn(db: Kysely<unknown>) {
  return isPostgres(db) ? 'serial' : 'integer';
}

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
}

export const migrations: Record<string, Migration> = {
  '2026-11-24-001-foundation': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('conversation_refs')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('feedback')
        .addColumn('id', idColumn(db), (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('reply_to_id', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text', (c) => c.notNull())
        .addColumn('reaction', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('bot_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('etag', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('bot_state').execute();
      await db.schema.dropTable('feedback').execute();
      await db.schema.dropTable('conversation_refs').execute();
    },
  },
  '2026-11-24-002-referrals-and-cases': {
    async up(db: Kysely<unknown>) {
      const id = (t: ReturnType<Kysely<unknown>['schema']['createTable']>) =>
        t.addColumn('id', idColumn(db), (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()));
      await db.schema
        .createTable('referral_drafts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('section', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('referral_drafts_user').on('referral_drafts').columns(['user_key', 'status']).execute();
      await db.schema
        .createTable('case_seq')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('last', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('reference', 'text', (c) => c.notNull().unique())
        .addColumn('draft_id', 'text', (c) => c.notNull().unique())
        .addColumn('referrer_key', 'text', (c) => c.notNull())
        .addColumn('referral', 'text', (c) => c.notNull())
        .addColumn('routing', 'text', (c) => c.notNull())
        .addColumn('primary_team', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('assignee', 'text')
        .addColumn('outcome', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('school', 'text', (c) => c.notNull())
        .addColumn('year_group', 'integer', (c) => c.notNull())
        .addColumn('first_action_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_board').on('cases').columns(['primary_team', 'status', 'deadline']).execute();
      await db.schema.createIndex('cases_referrer').on('cases').columns(['referrer_key', 'status']).execute();
      await id(db.schema.createTable('case_events'))
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();
      await id(db.schema.createTable('outbox'))
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('activity_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema
        .createTable('channel_links')
        .addColumn('team', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('linked_by', 'text', (c) => c.notNull())
        .addColumn('stale', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('case_posts')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_posts_pk', ['case_id', 'conversation_id'])
        .execute();
      await db.schema
        .createTable('reminders')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('reminders_pk', ['case_id', 'day'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['reminders', 'case_posts', 'channel_links', 'outbox', 'case_events', 'cases', 'case_seq', 'referral_drafts']) await db.schema.dropTable(t).execute();
    },
  },
  '2026-11-24-003-case-board-order': {
    // The board lists open cases by nearest deadline; this index serves that order directly.
    async up(db: Kysely<unknown>) {
      await sql`create index cases_open_order on cases ((deadline is null), deadline, created_at desc) where status <> 'closed'`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('cases_open_order').execute();
    },
  },
  '2026-11-30-001-outbox-holds': {
    // When each message was sent, so every instance can keep a conversation within Teams' rate
    // limits; and per-target holds, so a 429's Retry-After holds back every message to that target.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('outbox').addColumn('sent_at', 'text').execute();
      await db.schema.createIndex('outbox_sent').on('outbox').columns(['target', 'sent_at']).execute();
      await db.schema
        .createTable('outbox_holds')
        .addColumn('target', 'text', (c) => c.primaryKey())
        .addColumn('until', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('outbox_holds').execute();
      await db.schema.dropIndex('outbox_sent').execute();
      await db.schema.alterTable('outbox').dropColumn('sent_at').execute();
    },
  },
  '2026-11-30-002-channel-places-and-case-threads': {
    // Links keyed on the Teams team and channel (not a thread's conversation id), with a record
    // of every change; and each case's own conversation (thread) per target it is posted to.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('channel_links').addColumn('team_id', 'text').execute();
      await db.schema.alterTable('channel_links').addColumn('channel_id', 'text').execute();
      await db.schema.alterTable('channel_links').addColumn('tenant_id', 'text').execute();
      // Links made before: the channel is the conversation id without the thread's ;messageid=.
      const old = await sql<{ team: string; conversation_id: string }>`select team, conversation_id from channel_links`.execute(db);
      for (const r of old.rows) await sql`update channel_links set channel_id = ${r.conversation_id.split(';')[0]} where team = ${r.team}`.execute(db);
      await db.schema.createIndex('channel_links_place').on('channel_links').columns(['channel_id', 'team_id']).execute();
      const id = idColumn(db);
      await db.schema
        .createTable('channel_link_events')
        .addColumn('id', id, (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('team', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('by_key', 'text', (c) => c.notNull())
        .addColumn('by_name', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text')
        .addColumn('channel_id', 'text')
        .addColumn('previous_team_id', 'text')
        .addColumn('previous_channel_id', 'text')
        .execute();
      await db.schema
        .createTable('case_threads')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_threads_pk', ['case_id', 'target'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('case_threads').execute();
      await db.schema.dropTable('channel_link_events').execute();
      await db.schema.dropIndex('channel_links_place').execute();
      for (const c of ['tenant_id', 'channel_id', 'team_id']) await db.schema.alterTable('channel_links').dropColumn(c).execute();
    },
  },
  '2026-11-30-003-case-board-team-order': {
    // One team's open cases in deadline order: without the team first, the open-cases index is read
    // past every other team's cases to find a page of this one's (a team with few open cases read
    // them all; BENCHMARKS.md).
    async up(db: Kysely<unknown>) {
      await sql`create index cases_team_open_order on cases (primary_team, (deadline is null), deadline, created_at desc) where status <> 'closed'`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('cases_team_open_order').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

