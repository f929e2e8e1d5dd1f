import type { LlmSettings } from '../config/config.js';
import { GuidanceAnswerer, type AnswerLog } from './answer.js';
import { IntentClassifier } from './intent.js';
import { KnowledgeBase } from './kb.js';
import { openAiModel, type LanguageModel } from './model.js';

/** The model configured, if any: answers stay offline without one. */
export function modelFrom(llm: LlmSettings): LanguageModel | undefined {
  if (llm.provider === 'none') return undefined;
  return openAiModel(llm);
}

/** The answerer for a deployment: the index built once at start-up. */
export function buildAnswerer(opts: { homeAuthority: string; llm: LlmSettings; model?: LanguageModel; cacheSize?: number; cacheMs?: number; log?: AnswerLog }): GuidanceAnswerer {
  const timeout = opts.llm.provider === 'none' ? undefined : opts.llm.timeoutMs;
  // Loaded now, not on the first message: whoever asks first should not wait for it.
  IntentClassifier.default();
  return new GuidanceAnswerer(KnowledgeBase.build(), {
    homeAuthority: opts.homeAuthority,
    llm: opts.model ?? modelFrom(opts.llm),
    llmTimeoutMs: timeout,
    cacheSize: opts.cacheSize,
    cacheMs: opts.cacheMs,
    log: opts.log,
  });
}
