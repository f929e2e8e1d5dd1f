import pg from 'pg';
import { browserSkipReason, postgresSkipReason } from './skips.js';

/**
 * Says up front which tests will be skipped and why (they are also counted as skipped). Each
 * PostgreSQL test gets its own schema; schemas left by earlier runs are removed first.
 */
export default async function setup(): Promise<void> {
  const skips = [
    ['PostgreSQL store tests (they run on SQLite only)', postgresSkipReason()],
    ['browser tests in test/e2e', browserSkipReason()],
  ].filter(([, why]) => why !== undefined);
  for (const [what, why] of skips) process.stdout.write(`Skipping ${what}: ${why}\n`);
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 't\\_%'");
    for (const r of rows) await client.query(`drop schema if exists "${r.nspname}" cascade`);
  } finally {
    await client.end();
  }
}
