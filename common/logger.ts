import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Logs go to stderr so CLI commands keep stdout for their output. Nothing a user typed,
 * no card value and no name is ever passed to the logger: only ids, hashed.
 */
export function createLogger(level: string, destination?: { write(line: string): void }): Logger {
  return pino({ level, base: { app: 'ap-assist' } }, destination ?? pino.destination(2));
}

/** A short, stable pseudonym for a user id, so log lines can be correlated without identifying anyone. */
export function hashId(id: string | undefined): string {
  if (!id) return 'anonymous';
  return createHash('sha256').update('ap-assist:' + id).digest('hex').slice(0, 12);
}
