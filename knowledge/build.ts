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

/**
 * The corpus indexed as the server does it at start: the passage model trained in a worker thread
 * while the rest is built, when the corpus is large enough for that to pay.
 */
export function buildKnowledge(): Promise<KnowledgeBase> {
  return KnowledgeBase.buildAside();
}

/**
 * The answerer for a deployment: the index built once at start-up (or the one given). The message classifier it reads
 * with is loaded by `warmUp` once the server is listening.
 */
export function buildAnswerer(opts: { homeAuthority: string; llm: LlmSettings; model?: LanguageModel; cacheSize?: number; cacheMs?: number; log?: AnswerLog; kb?: KnowledgeBase }): GuidanceAnswerer {
  const timeout = opts.llm.provider === 'none' ? undefined : opts.llm.timeoutMs;
  return new GuidanceAnswerer(opts.kb ?? KnowledgeBase.build(), {
    homeAuthority: opts.homeAuthority,
    llm: opts.model ?? modelFrom(opts.llm),
    llmTimeoutMs: timeout,
    cacheSize: opts.cacheSize,
    cacheMs: opts.cacheMs,
    log: opts.log,
  });
}

/**
 * Loads the trained message classifier (about a fifth of a second) just after the server starts
 * listening rather than before: start-up is not held up by it, and the first message, unless it
 * arrives within that moment, does not wait for it either.
 */
export function warmUp(): void {
  setImmediate(() => IntentClassifier.default());
}
