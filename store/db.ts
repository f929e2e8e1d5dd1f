import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { fromRoot } from '../common/paths.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export type StoreLocation =
  | { kind: 'sqlite'; path: string }
  /** `schema` lets several deployments (or test runs) share one PostgreSQL database. */
  | { kind: 'postgres'; url: string; schema?: string };

/** Opens the database named by config; relative SQLite paths are under the project root. */
export function openDatabase(location: StoreLocation): Kysely<Database> {
  if (location.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: location.url,
      max: 10,
      ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
    });
    // An idle client that errors (e.g. the server restarts) must not crash the process.
    pool.on('error', () => undefined);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const file = location.path === ':memory:' || isAbsolute(location.path) ? location.path : fromRoot(location.path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

/** Brings the schema up to date; safe to run from several instances at once on PostgreSQL. */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across all schemas unless told which one is ours.
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
