/**
 * Porter (1980) English stemmer, written out so the index needs no extra dependency.
 * Maps "exclusions", "excluded", "excluding" to "exclud"; "placements" to "placement".
 */

const cache = new Map<string, string>();

function isCons(w: string, i: number): boolean {
  const c = w.charCodeAt(i);
  // a e i o u
  if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117) return false;
  if (c === 121) return i === 0 ? true : !isCons(w, i - 1); // y
  return true;
}

/** m() = number of VC sequences in w[0..j]. */
function measure(w: string, j: number): number {
  let n = 0;
  let i = 0;
  for (;;) {
    if (i > j) return n;
    if (!isCons(w, i)) break;
    i++;
  }
  i++;
  for (;;) {
    for (;;) {
      if (i > j) return n;
      if (isCons(w, i)) break;
      i++;
    }
    i++;
    n++;
    for (;;) {
      if (i > j) return n;
      if (!isCons(w, i)) break;
      i++;
    }
    i++;
  }
}

function hasVowel(w: string, j: number): boolean {
  for (let i = 0; i <= j; i++) if (!isCons(w, i)) return true;
  return false;
}

function doubleCons(w: string, j: number): boolean {
  return j >= 1 && w[j] === w[j - 1] && isCons(w, j);
}

/** cvc(i): consonant-vowel-consonant ending at i, last not w, x or y. */
function cvc(w: string, i: number): boolean {
  if (i < 2 || !isCons(w, i) || isCons(w, i - 1) || !isCons(w, i - 2)) return false;
  const c = w[i];
  return c !== 'w' && c !== 'x' && c !== 'y';
}

function replaceSuffix(w: string, suffix: string, repl: string, minM: number): string | null {
  if (!w.endsWith(suffix)) return null;
  const stemEnd = w.length - suffix.length - 1;
  if (measure(w, stemEnd) > minM) return w.slice(0, w.length - suffix.length) + repl;
  return w;
}

const step2List: Array<[string, string]> = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'],
  ['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'],
  ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'],
  ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
];
const step3List: Array<[string, string]> = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
];
const step4List = [
  'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate',
  'iti', 'ous', 'ive', 'ize',
];

function stemUncached(word: string): string {
  let w = word;
  if (w.length <= 2) return w;
  // Step 1a
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('ss')) { /* keep */ }
  else if (w.endsWith('s')) w = w.slice(0, -1);
  // Step 1b
  let extra = false;
  if (w.endsWith('eed')) {
    if (measure(w, w.length - 4) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w, w.length - 3)) {
    w = w.slice(0, -2);
    extra = true;
  } else if (w.endsWith('ing') && hasVowel(w, w.length - 4)) {
    w = w.slice(0, -3);
    extra = true;
  }
  if (extra) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
    else if (doubleCons(w, w.length - 1) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
    else if (measure(w, w.length - 1) === 1 && cvc(w, w.length - 1)) w += 'e';
  }
  // Step 1c
  if (w.endsWith('y') && hasVowel(w, w.length - 2)) w = w.slice(0, -1) + 'i';
  // Step 2
  for (const [s, r] of step2List) {
    if (w.endsWith(s)) {
      w = replaceSuffix(w, s, r, 0) ?? w;
      break;
    }
  }
  // Step 3
  for (const [s, r] of step3List) {
    if (w.endsWith(s)) {
      w = replaceSuffix(w, s, r, 0) ?? w;
      break;
    }
  }
  // Step 4
  for (const s of step4List) {
    if (w.endsWith(s)) {
      const stemEnd = w.length - s.length - 1;
      if (measure(w, stemEnd) > 1) {
        if (s === 'ion') {
          const c = w[stemEnd];
          if (c === 's' || c === 't') w = w.slice(0, -s.length);
        } else {
          w = w.slice(0, -s.length);
        }
      }
      break;
    }
  }
  // Step 5a
  if (w.endsWith('e')) {
    const m = measure(w, w.length - 2);
    if (m > 1 || (m === 1 && !cvc(w, w.length - 2))) w = w.slice(0, -1);
  }
  // Step 5b
  if (measure(w, w.length - 1) > 1 && doubleCons(w, w.length - 1) && w.endsWith('l')) w = w.slice(0, -1);
  return w;
}

/** Stem a lower-case word. Numbers and short tokens pass through unchanged. */
export function stem(word: string): string {
  if (word.length <= 2 || /\d/.test(word)) return word;
  let s = cache.get(word);
  if (s === undefined) {
    s = stemUncached(word);
    if (cache.size < 50_000) cache.set(word, s);
  }
  return s;
}
