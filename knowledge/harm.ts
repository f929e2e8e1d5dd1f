/**
 * Harm words by kind (`knowledge/data/harm-words.json`, written from the kinds of harm Keeping
 * Children Safe in Education names), matched on stems so "hits", "hitting" and "hit" are one.
 * On their own they over-fire ("training on knife crime"), so the guard reads them together with
 * the learned classifier; `scripts/intent-eval.ts` measures each alone and together.
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from '../common/paths.js';
import { termOf } from './tokens.js';

const stems = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .split(/[^a-z0-9&']+/)
    .filter(Boolean)
    .map((w) => termOf(w.replace(/'s$/, '')));

interface Phrase {
  kind: string;
  stems: string[];
}

let lexicon: Phrase[] | undefined;

function load(): Phrase[] {
  const data = JSON.parse(readFileSync(fromRoot('knowledge', 'data', 'harm-words.json'), 'utf8')) as Record<string, string[] | string>;
  return Object.entries(data)
    .filter((e): e is [string, string[]] => Array.isArray(e[1]))
    .flatMap(([kind, phrases]) => phrases.map((p) => ({ kind, stems: stems(p) })));
}

/** The kinds of harm whose words appear in a text, in order of the lexicon. */
export function harmKinds(text: string): string[] {
  const words = stems(text);
  const kinds = new Set<string>();
  for (const p of (lexicon ??= load())) {
    for (let i = 0; i + p.stems.length <= words.length; i++) {
      if (p.stems.every((s, j) => words[i + j] === s)) {
        kinds.add(p.kind);
        break;
      }
    }
  }
  return [...kinds];
}
