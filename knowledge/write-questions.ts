/**
 * Writing the questions each passage of a new document answers (doc2query) with the configured
 * model, from the same instructions the questions beside the corpus were written from
 * (`knowledge/corpus/questions/INSTRUCTIONS.md`). The model sees only those instructions and the
 * document's passages, as the ingester cut them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';
import type { Chunk } from './ingest.js';
import type { LanguageModel } from './model.js';
import type { PassageQuestions } from './questions.js';

/** Passages sent to the model at once: enough to see their context, few enough for its reply to fit. */
const BATCH = 8;
const MAX_REPLY_TOKENS = 3000;
const BATCH_TIMEOUT_MS = 120_000;

/** The instructions in a corpus folder's `questions/`, or the repository's own. */
export function questionInstructions(corpusDir?: string): string {
  const own = corpusDir ? join(corpusDir, 'questions', 'INSTRUCTIONS.md') : undefined;
  return readFileSync(own && existsSync(own) ? own : fromRoot('knowledge', 'corpus', 'questions', 'INSTRUCTIONS.md'), 'utf8');
}

const reply = z.object({ passages: z.array(z.object({ id: z.string(), questions: z.array(z.string()) }).loose()) }).loose();

/** The first words of a passage, verbatim, so its questions find it again if passages are renumbered. */
const startsOf = (c: Chunk) => c.text.replace(/^- /, '').split(/\s+/).slice(0, 10).join(' ');

export interface WrittenQuestions {
  file: PassageQuestions;
  /** Batches of passages the model failed on (their passages have no questions). */
  failed: Array<{ ids: string[]; reason: string }>;
}

/**
 * Asks the model for each passage's questions, a few passages at a time, and keeps only questions
 * for passages that exist, each with the passage's own id, number and first words.
 */
export async function writeQuestions(
  chunks: Chunk[],
  model: LanguageModel,
  opts: { document: string; file: string; writtenBy: string; instructions: string; timeoutMs?: number },
): Promise<WrittenQuestions> {
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const got = new Map<string, string[]>();
  const failed: WrittenQuestions['failed'] = [];
  for (let i = 0; i < chunks.length; i += BATCH) {
    const batch = chunks.slice(i, i + BATCH);
    const passages = batch.map((c) => ({ id: c.id, paragraph: c.paragraph, heading: c.headingPath.join(' > '), text: c.text }));
    const user =
      `Document: ${opts.document}\nPassages (JSON):\n${JSON.stringify(passages, null, 1)}\n\n` +
      'Reply with one JSON object only, {"passages": [{"id": "<passage id as given>", "questions": ["..."]}]}, one entry per passage you write questions for.';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? BATCH_TIMEOUT_MS);
    try {
      const raw = await model.complete({ system: opts.instructions, user, signal: controller.signal, maxTokens: MAX_REPLY_TOKENS });
      const json = raw.replace(/^\s*```(?:json)?\s*/i, '').replace(/\s*```\s*$/, '');
      const parsed = reply.safeParse(JSON.parse(json));
      if (!parsed.success) throw new Error('the reply was not the JSON asked for');
      for (const p of parsed.data.passages) {
        // Only this batch's passages: a question cannot be given to a passage the model was not shown.
        if (!batch.some((c) => c.id === p.id)) continue;
        const qs = p.questions.map((q) => q.replace(/\s+/g, ' ').trim()).filter((q) => q.length >= 3 && q.length <= 300);
        if (qs.length) got.set(p.id, [...(got.get(p.id) ?? []), ...qs]);
      }
    } catch (e) {
      failed.push({ ids: batch.map((c) => c.id), reason: e instanceof SyntaxError ? 'the reply was not JSON' : (e as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
  const passages = [...got].map(([id, questions]) => {
    const c = byId.get(id)!;
    return { id, paragraph: c.paragraph, starts: startsOf(c), questions: [...new Set(questions)] };
  });
  return { file: { document: opts.document, file: opts.file, writtenBy: opts.writtenBy, passages }, failed };
}
