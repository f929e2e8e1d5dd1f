import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { devSet, fromRoot } from '../common/paths.js';
import type { Answer } from './answer.js';

const question = z.object({ id: z.string(), question: z.string(), gold: z.array(z.string()), authority: z.string().nullish().transform((a) => a ?? undefined) }).loose();

/** Compare passages as a reader would: case, quotes, bold markers and spacing aside. */
export function normalisePassage(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface QaEval {
  total: number;
  hit1: number;
  hit3: number;
  hit5: number;
  allGold5: number;
  declined: number;
  misses: Array<{ id: string; question: string; rank: number | null }>;
}

/** hit@k: a citation among the first k whose text contains a gold passage. */
export async function evalQa(ask: (q: string, authority?: string) => Promise<Answer>, path = devSet('qa_dev')): Promise<QaEval> {
  const qs = z.array(question).parse(JSON.parse(readFileSync(path, 'utf8')));
  const r: QaEval = { total: qs.length, hit1: 0, hit3: 0, hit5: 0, allGold5: 0, declined: 0, misses: [] };
  for (const q of qs) {
    const a = await ask(q.question, q.authority);
    if (!a.answered) r.declined++;
    const gold = q.gold.map(normalisePassage);
    const texts = a.citations.map((c) => normalisePassage(c.text));
    const rank = texts.findIndex((t) => gold.some((g) => t.includes(g)));
    if (rank === 0) r.hit1++;
    if (rank >= 0 && rank < 3) r.hit3++;
    if (rank >= 0 && rank < 5) r.hit5++;
    if (gold.every((g) => texts.slice(0, 5).some((t) => t.includes(g)))) r.allGold5++;
    if (rank !== 0) r.misses.push({ id: q.id, question: q.question, rank: rank < 0 ? null : rank + 1 });
  }
  return r;
}

/** How many of questions the documents do not answer are declined, and which were answered. */
export async function evalDeclines(ask: (q: string) => Promise<Answer>, path: string): Promise<{ total: number; declined: number; answered: string[] }> {
  const qs = z.array(z.string()).parse(JSON.parse(readFileSync(path, 'utf8')));
  const answered: string[] = [];
  for (const q of qs) if ((await ask(q)).answered) answered.push(q);
  return { total: qs.length, declined: qs.length - answered.length, answered };
}

/**
 * The question sets `npm run eval` and `npm run bench` report, with how each has been used. A
 * held-out set's questions are never printed: reading them would make it one more tuning set.
 */
export const QUESTION_SETS: ReadonlyArray<{ name: string; path: string; heldOut: boolean }> = [
  { name: 'qa_dev', path: devSet('qa_dev'), heldOut: false },
  { name: 'own, tuned against', path: fromRoot('knowledge', 'eval', 'own_qa.json'), heldOut: false },
  { name: 'own 2, read after a first untouched run', path: fromRoot('knowledge', 'eval', 'own_qa_2.json'), heldOut: false },
  { name: 'holdout, never read', path: fromRoot('knowledge', 'eval', 'holdout_qa.json'), heldOut: true },
  { name: 'holdout 2, never read', path: fromRoot('knowledge', 'eval', 'holdout_2_qa.json'), heldOut: true },
  { name: 'blind s4, run once then totals only', path: fromRoot('knowledge', 'eval', 'blind_s4_qa.json'), heldOut: true },
  { name: 'blind s5, run once then totals only', path: fromRoot('knowledge', 'eval', 'blind_s5_qa.json'), heldOut: true },
];

/** Questions the documents do not answer, which the bot must decline. */
export const DECLINE_SETS: ReadonlyArray<{ name: string; path: string; heldOut: boolean }> = ['own_declines', 'own_declines_2', 'holdout_declines', 'holdout_2_declines'].map((name) => ({
  name,
  path: fromRoot('knowledge', 'eval', `${name}.json`),
  heldOut: name.startsWith('holdout'),
}));
