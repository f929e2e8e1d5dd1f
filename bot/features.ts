import type { Config } from '../config/config.js';
import type { Logger } from '../common/logger.js';
import type { Store } from '../store/store.js';
import type { Feature } from './feature.js';

export interface FeatureDeps {
  config: Config;
  store: Store;
  logger: Logger;
}

/** Every capability the bot has, in the order the welcome card lists them. */
export async function buildFeatures(_deps: FeatureDeps): Promise<Feature[]> {
  return [];
}
