import { existsSync } from 'node:fs';

/** Debian's Chromium, which the end-to-end tests drive through playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Why the PostgreSQL store tests cannot run here, or undefined when they can. Under CI the
 * database must be there, so a missing one fails the run instead of skipping.
 */
export function postgresSkipReason(): string | undefined {
  if (process.env.TEST_DATABASE_URL) return undefined;
  if (process.env.CI) throw new Error('CI is set but TEST_DATABASE_URL is not: PostgreSQL tests must run in CI');
  return 'TEST_DATABASE_URL is not set';
}

/** Why the browser tests cannot run here, or undefined. CI installs chromium, so there they never skip. */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI) throw new Error(`CI is set but ${CHROMIUM} is missing: .ci/run must install chromium`);
  return `no browser at ${CHROMIUM}`;
}
