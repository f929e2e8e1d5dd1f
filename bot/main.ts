import type { Config } from '../config/config.js';
import { createLogger } from '../common/logger.js';
import { Store } from '../store/store.js';
import { buildFeatures } from './features.js';
import { createApp, type App } from './server.js';

/** Opens the store (migrating it), builds the features and starts listening. */
export async function startBot(config: Config, opts: { echo?: boolean; port?: number } = {}): Promise<{ app: App; url: string }> {
  const logger = createLogger(config.logLevel);
  const store = await Store.open(config.store);
  const features = await buildFeatures({ config, store, logger });
  const app = createApp({ config, store, logger, features, echo: opts.echo });
  const { url } = await app.listen(opts.port ?? config.port, config.host);
  logger.info({ url, mode: config.credentials.kind === 'none' ? 'local' : 'authenticated', store: config.store.kind }, 'listening');
  return { app, url };
}
