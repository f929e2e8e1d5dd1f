import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import type { StoreLocation } from '../../store/db.js';
import { postgresSkipReason } from './skips.js';

export type Backend = 'sqlite' | 'postgres';

/**
 * The same tests on every backend. A backend that cannot run here still has its tests collected
 * and reported as skipped, with the reason in the suite's name, so the count shows what was left out.
 */
export function describeEachBackend(title: string, body: (backend: Backend) => void): void {
  for (const backend of ['sqlite', 'postgres'] as const) {
    const why = backend === 'postgres' ? postgresSkipReason() : undefined;
    describe.skipIf(why !== undefined)(why ? `${title} on ${backend} (skipped: ${why})` : `${title} on ${backend}`, () => body(backend));
  }
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
