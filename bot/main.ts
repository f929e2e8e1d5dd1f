import type { Config } from '../config/config.js';
import { systemClock } from '../common/clock.js';
import { createLogger } from '../common/logger.js';
import { Store } from '../store/store.js';
import { assemble } from './features.js';
import { createApp, type App } from './server.js';

/** Opens the store (migrating it), assembles the features, starts listening and delivering. */
export async function startBot(config: Config, opts: { echo?: boolean; port?: number } = {}): Promise<{ app: App; url: string }> {
  const logger = createLogger(config.logLevel);
  const store = await Store.open(config.store);
  const parts = assemble({ config, store, logger, clock: systemClock });
  let stopWorker: (() => Promise<void>) | undefined;
  const app = createApp({ config, store, logger, features: parts.features, board: parts.board, echo: opts.echo, onClose: async () => stopWorker?.() });
  const { url } = await app.listen(opts.port ?? config.port, config.host);
  stopWorker = parts.startWorker(app.adapter);
  logger.info({ url, mode: config.credentials.kind === 'none' ? 'local' : 'authenticated', store: config.store.kind }, 'listening');
  return { app, url };
}
