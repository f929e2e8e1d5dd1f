import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, AzureOpenAI, OpenAI } from 'openai';

/** The one thing the answerer needs from a language model. */
export interface LanguageModel {
  /** `maxTokens`: the longest reply wanted (an answer's three sentences by default). */
  complete(req: { system: string; user: string; signal: AbortSignal; maxTokens?: number }): Promise<string>;
}

export type ModelSettings =
  | { provider: 'openai'; apiKey: string; model: string; baseUrl?: string }
  | { provider: 'azure'; endpoint: string; apiKey: string; deployment: string; apiVersion: string };

/** Why a model's answer was not used; logged for operators, never with any message text. */
export type FallbackReason =
  | 'timeout'
  | 'rateLimited'
  | 'serverError'
  | 'unreachable'
  | 'malformed'
  | 'tooLong'
  | 'notCovered'
  | 'failedCheck'
  | 'personalDetails'
  | 'paused';

/** A model call that failed in a way worth telling apart; every kind falls back to the offline answer. */
export class ModelError extends Error {
  constructor(
    readonly reason: FallbackReason,
    /** How long the server asked us to wait before calling again (Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(reason);
    this.name = 'ModelError';
  }
}

/** Thrown for a 429 so callers can tell "busy" from "broken"; both fall back to the offline answer. */
export class RateLimitedError extends ModelError {
  constructor(message = 'rate limited', retryAfterMs?: number) {
    super('rateLimited', retryAfterMs);
    this.message = message;
  }
}

/** Retry-After in ms: `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds * 1000 : undefined;
  const at = Date.parse(raw);
  return Number.isFinite(at) && at > now ? at - now : undefined;
}

/** The `openai` package's errors as fallback reasons. */
export function classify(e: unknown): ModelError {
  if (e instanceof ModelError) return e;
  if (e instanceof APIUserAbortError || e instanceof APIConnectionTimeoutError || (e as Error)?.name === 'AbortError') return new ModelError('timeout');
  if (e instanceof APIError && e.status !== undefined) {
    const wait = retryAfterMs(e.headers as Headers | undefined);
    if (e.status === 429) return new RateLimitedError('rate limited', wait);
    if (e.status >= 500) return new ModelError('serverError', wait);
    return new ModelError('malformed');
  }
  if (e instanceof APIConnectionError) return new ModelError('unreachable');
  // A body that is not JSON, or JSON of the wrong shape.
  return new ModelError('malformed');
}

/**
 * OpenAI, an OpenAI-compatible server (`baseUrl`) or Azure OpenAI through the `openai` package;
 * retries are ours (none: we fall back). The base URL is always passed explicitly, so the
 * package never falls back to its own environment variable, which `.env` would not set.
 */
export function openAiModel(s: ModelSettings): LanguageModel {
  const client =
    s.provider === 'azure'
      ? new AzureOpenAI({ endpoint: s.endpoint, baseURL: null, apiKey: s.apiKey, deployment: s.deployment, apiVersion: s.apiVersion, maxRetries: 0 })
      : new OpenAI({ apiKey: s.apiKey, baseURL: s.baseUrl ?? 'https://api.openai.com/v1', maxRetries: 0 });
  const model = s.provider === 'azure' ? s.deployment : s.model;
  return {
    async complete({ system, user, signal, maxTokens }) {
      try {
        const res = await client.chat.completions.create(
          { model, temperature: 0, max_tokens: maxTokens ?? 350, messages: [{ role: 'system', content: system }, { role: 'user', content: user }] },
          { signal },
        );
        const content: unknown = res?.choices?.[0]?.message?.content;
        if (typeof content !== 'string') throw new ModelError('malformed');
        return content;
      } catch (e) {
        throw classify(e);
      }
    },
  };
}
