import type { Config } from '../config/config.js';
import { clockStartingAt, systemClock } from '../common/clock.js';
import { createLogger } from '../common/logger.js';
import { Store } from '../store/store.js';
import { buildKnowledge, warmUp } from '../knowledge/build.js';
import { assemble } from './features.js';
import { createApp, type App } from './server.js';

/** Opens the store (migrating it), assembles the features, starts listening and delivering. */
export async function startBot(config: Config, opts: { echo?: boolean; port?: number } = {}): Promise<{ app: App; url: string }> {
  const logger = createLogger(config.logLevel);
  // TEST_ONLY_CLOCK_START (local mode only) lets end-to-end tests read the same dates on any day.
  const clock = config.testOnlyClockStart ? clockStartingAt(config.testOnlyClockStart) : systemClock;
  if (config.testOnlyClockStart) logger.warn({ clockStart: config.testOnlyClockStart }, 'TEST_ONLY_CLOCK_START is set: the bot\'s dates start from it, not from today');
  const [store, kb] = await Promise.all([Store.open(config.store, { clock }), buildKnowledge()]);
  const parts = assemble({ config, store, logger, clock, kb });
  let stopWorker: (() => Promise<void>) | undefined;
  const app = createApp({ config, store, logger, features: parts.features, board: parts.board, echo: opts.echo, onClose: async () => stopWorker?.() });
  const { url } = await app.listen(opts.port ?? config.port, config.host);
  warmUp();
  stopWorker = parts.startWorker(app.adapter);
  logger.info({ url, mode: config.credentials.kind === 'none' ? 'local' : 'authenticated', store: config.store.kind }, 'listening');
  return { app, url };
}
