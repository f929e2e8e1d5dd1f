import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreLocation } from '../../store/db.js';

/**
 * The backends every store test runs on. PostgreSQL comes from TEST_DATABASE_URL; under CI it
 * must be there, so a missing database fails the run instead of silently skipping.
 */
export function backendNames(): Array<'sqlite' | 'postgres'> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI) throw new Error('CI is set but TEST_DATABASE_URL is not: PostgreSQL tests must run in CI');
  return url ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh, empty location: a new SQLite file, or a new PostgreSQL schema. */
export async function freshLocation(kind: 'sqlite' | 'postgres'): Promise<StoreLocation> {
  if (kind === 'sqlite') {
    return { kind: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'ap-assist-')), 'test.db') };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  return { kind: 'postgres', url, schema };
}
