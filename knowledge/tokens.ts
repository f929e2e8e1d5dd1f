/**
 * Words and index terms: how both the documents and a question are cut into words, stop words
 * dropped, and stemmed, so that they meet. Kept apart from the index so tests and tools can use it.
 */
import { stem } from './stem.js';

export const STOP = new Set(
  `a about above after again all am an and any are as at be because been before being below between both but by can could did do does doing
  down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my
  no nor not of off on once only or other our ours out over own same she should so some such than that the their theirs them then there these
  they this those through to too under until up very was we were what when where which while who whom why will with would you your yours
  actually anything something someone somebody stuff thing things kid kids really get got go going supposed meant ever also among amongst
  there's what's who's it's we're i'm do's dont don't one ones our us should would could many much
  whats theres whos hows wheres whens im ive id youre youve weve theyre thats isnt arent wasnt werent doesnt didnt cant couldnt wont
  wouldnt shouldnt havent hasnt hadnt isn't aren't wasn't weren't doesn't didn't can't couldn't won't wouldn't shouldn't haven't
  hasn't hadn't how's where's when's that's i've i'd you're you've we've they're`.split(/\s+/),
);

/** Plurals Porter leaves alone: "children" and "child" are one word to a reader. */
const IRREGULAR = new Map([
  ['children', 'child'],
  ['peopl', 'person'],
  ['men', 'man'],
  ['women', 'woman'],
]);

/** The words of a text as a reader would list them: lower case, academic years made whole, no stop words. */
export function words(text: string): string[] {
  let t = text.toLowerCase();
  // Most of the corpus is plain words: skip the rewrites a text does not need (index build time).
  if (/[\u2018\u2019]/.test(t)) t = t.replace(/[\u2018\u2019]/g, "'");
  // "What % of…" and "86%" meet at "percent".
  if (t.includes('%')) t = t.replace(/%/g, ' percent ');
  // "23/24" and "2023-24" are the same academic year as "2023/24".
  if (/\d/.test(t)) t = t.replace(/\b(?:20)?(\d\d)\s*[/-]\s*(\d\d)\b/g, (m, a: string, b: string) => (Number(b) === Number(a) + 1 ? `20${a}/${b}` : m));
  const out: string[] = [];
  for (let w of t.split(/[^a-z0-9']+/)) {
    if (w.includes("'")) w = w.replace(/^'+|'+$/g, '').replace(/'s$/, '');
    // One letter says nothing; one digit does ("tier 2", "day 6").
    if ((w.length > 1 || /\d/.test(w)) && !STOP.has(w)) out.push(w);
  }
  return out;
}

/** A word's index term: its Porter stem, with the plurals Porter misses made singular. */
export function termOf(word: string): string {
  const s = stem(word);
  return IRREGULAR.get(s) ?? s;
}

/** Tokens for indexing and querying: lower case, no stop words, Porter stems. */
export function terms(text: string): string[] {
  return words(text).map(termOf);
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** A message's words, lower case, apostrophes kept inside words ("don't"), in order. */
export function tokensOf(text: string): string[] {
  let t = text.toLowerCase();
  // Written as one loop with the rewrites only where needed: every passage and written question
  // goes through here at each index build.
  if (/[\u2018\u2019`]/.test(t)) t = t.replace(/[\u2018\u2019`]/g, "'");
  const out: string[] = [];
  for (let w of t.split(/[^a-z0-9']+/)) {
    if (w.startsWith("'") || w.endsWith("'")) w = w.replace(/^'+|'+$/g, '');
    if (w) out.push(w);
  }
  return out;
}

/** Each word's stem, stop words kept ("my dad hits me" needs "me"), a possessive's "'s" dropped. */
export function stemsOf(tokens: readonly string[]): string[] {
  return tokens.map((w) => termOf(w.replace(/'s$/, '')));
}
