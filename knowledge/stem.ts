import { stemmer } from 'stemmer';

/**
 * The Porter (1980) English stemmer, from the maintained `stemmer` package. Maps "excluded" and
 * "excluding" to "exclud", "exclusions" to "exclus", "placements" to "placement". Numbers and short tokens
 * pass through unchanged, and stems are kept for the words seen, since the index and every
 * question stem the same few thousand words again and again.
 */
const cache = new Map<string, string>();

/** Stem a lower-case word. */
export function stem(word: string): string {
  if (word.length <= 2 || /\d/.test(word)) return word;
  let s = cache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (cache.size < 50_000) cache.set(word, s);
  }
  return s;
}
