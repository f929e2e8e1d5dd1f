import { AzureOpenAI, OpenAI } from 'openai';

/** The one thing the answerer needs from a language model. */
export interface LanguageModel {
  complete(req: { system: string; user: string; signal: AbortSignal }): Promise<string>;
}

export type ModelSettings =
  | { provider: 'openai'; apiKey: string; model: string }
  | { provider: 'azure'; endpoint: string; apiKey: string; deployment: string; apiVersion: string };

/** Thrown for a 429 so callers can tell "busy" from "broken"; both fall back to the offline answer. */
export class RateLimitedError extends Error {}

/** OpenAI or Azure OpenAI through the `openai` package; retries are ours (none: we fall back). */
export function openAiModel(s: ModelSettings): LanguageModel {
  const client =
    s.provider === 'azure'
      ? new AzureOpenAI({ endpoint: s.endpoint, apiKey: s.apiKey, deployment: s.deployment, apiVersion: s.apiVersion, maxRetries: 0 })
      : new OpenAI({ apiKey: s.apiKey, maxRetries: 0 });
  const model = s.provider === 'azure' ? s.deployment : s.model;
  return {
    async complete({ system, user, signal }) {
      try {
        const res = await client.chat.completions.create(
          { model, temperature: 0, max_tokens: 350, messages: [{ role: 'system', content: system }, { role: 'user', content: user }] },
          { signal },
        );
        return res.choices[0]?.message?.content ?? '';
      } catch (e) {
        if ((e as { status?: number }).status === 429) throw new RateLimitedError('rate limited');
        throw e;
      }
    },
  };
}
