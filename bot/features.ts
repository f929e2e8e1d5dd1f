import type { Config } from '../config/config.js';
import type { Logger } from '../common/logger.js';
import { buildAnswerer } from '../knowledge/build.js';
import { toTeamsReply } from '../knowledge/teams-citations.js';
import type { Store } from '../store/store.js';
import type { Feature } from './feature.js';
import { askFeature } from './features/ask.js';

export interface FeatureDeps {
  config: Config;
  store: Store;
  logger: Logger;
}

/** Every capability the bot has, in the order the welcome card lists them. */
export async function buildFeatures(deps: FeatureDeps): Promise<Feature[]> {
  const answerer = buildAnswerer({ homeAuthority: deps.config.homeAuthority, llm: deps.config.llm });
  const ask = askFeature({ answer: (q) => answerer.answer(q), toReply: toTeamsReply });
  // Features with commands come first; guidance questions take whatever is left (the fallback).
  return [ask];
}
