/**
 * The questions each passage answers (doc2query), kept as data beside the corpus: one file per
 * document in `knowledge/corpus/questions/`, written from `INSTRUCTIONS.md` there. Staff rarely use
 * the documents' words; these questions are in theirs, and retrieval searches them as a field of
 * their own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { Chunk } from './ingest.js';
import { defaultCorpusDir } from './metadata.js';

export const PassageQuestionsSchema = z.object({
  document: z.string(),
  file: z.string(),
  writtenBy: z.string(),
  passages: z.array(
    z.object({
      id: z.string(),
      paragraph: z.string().nullable().optional(),
      starts: z.string(),
      questions: z.array(z.string()),
    }),
  ),
});
export type PassageQuestions = z.infer<typeof PassageQuestionsSchema>;

export function questionsDir(corpusDir: string = defaultCorpusDir()): string {
  return join(corpusDir, 'questions');
}

/** Where a document's questions are kept: `<corpus>/questions/<file without extension>.json`. */
export function questionsPath(docFile: string, corpusDir: string = defaultCorpusDir()): string {
  return join(questionsDir(corpusDir), `${docFile.replace(/\.(txt|md)$/, '')}.json`);
}

/**
 * The rounds of questions kept for each document: the first (`INSTRUCTIONS.md`, every fact in
 * staff's everyday words) in the folder itself, the second (`INSTRUCTIONS-2.md`, the harder voices:
 * a situation first, terse, typos, an indirect worry, another role's words) in `second/`.
 */
export const QUESTION_ROUNDS = ['', 'second'] as const;

/** A document's questions file, if it has one (the first round, which `ap-assist ingest` writes). */
export function loadQuestionsFile(docFile: string, corpusDir: string = defaultCorpusDir(), round: (typeof QUESTION_ROUNDS)[number] = ''): PassageQuestions | undefined {
  const first = questionsPath(docFile, corpusDir);
  const path = round ? join(dirname(first), round, basename(first)) : first;
  if (!existsSync(path)) return undefined;
  return PassageQuestionsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Every round of a document's questions that is kept. */
export function loadQuestionsFiles(docFile: string, corpusDir: string = defaultCorpusDir()): PassageQuestions[] {
  return QUESTION_ROUNDS.map((r) => loadQuestionsFile(docFile, corpusDir, r)).filter((f): f is PassageQuestions => Boolean(f));
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Each passage's questions, by chunk index. A passage is found by its id when its text still starts
 * as recorded, otherwise by the words it starts with (the ingester may number passages afresh);
 * questions for a passage that is no longer there are left out rather than given to another.
 */
export function questionsByChunk(chunks: readonly Chunk[], files: ReadonlyArray<PassageQuestions>): Map<number, string[]> {
  const byId = new Map(chunks.map((c, i) => [c.id, i]));
  const byFile = new Map<string, number[]>();
  chunks.forEach((c, i) => {
    const list = byFile.get(c.docFile);
    if (list) list.push(i);
    else byFile.set(c.docFile, [i]);
  });
  const out = new Map<number, string[]>();
  for (const f of files) {
    const own = byFile.get(f.file) ?? [];
    for (const p of f.passages) {
      if (!p.questions.length) continue;
      const starts = squash(p.starts);
      // Only the passage's opening is compared: enough for the words it starts with, whatever its spacing.
      const opening = (i: number) => chunks[i]!.text.slice(0, p.starts.length * 2 + 40);
      const begins = (i: number) => squash(opening(i).replace(/^- /, '')).startsWith(starts) || squash(opening(i)).startsWith(starts);
      let at = byId.get(p.id);
      if (at === undefined || !begins(at)) at = own.find(begins);
      if (at === undefined) continue;
      const list = out.get(at);
      if (list) list.push(...p.questions);
      else out.set(at, [...p.questions]);
    }
  }
  return out;
}
