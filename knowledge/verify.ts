/**
 * Checks a model's answer against the passages it was given before anyone sees it. Every
 * sentence must carry a marker that points at a passage, and what it states must be in the
 * passages it cites: each figure, sum of money, count of days, date, name, phone number, email,
 * postcode and link, and most of its content words. One failing sentence fails the whole answer:
 * the caller shows the offline answer instead, never a trimmed or uncited one.
 */
import type { Citation } from './answer.js';
import { EnglishFrequency } from './english.js';
import { findPersonalDetails } from './personal.js';
import type { Glossary } from './terms.js';
import { terms } from './tokens.js';

/** Why an answer was refused; logged (never its text) and measured. */
export type FailedCheck =
  | 'empty'
  | 'echo'
  | 'unmarked'
  | 'marker'
  | 'link'
  | 'email'
  | 'phone'
  | 'postcode'
  | 'money'
  | 'figure'
  | 'duration'
  | 'date'
  | 'name'
  | 'personal'
  | 'negation'
  | 'overlap';

export type Verdict = { ok: true; text: string; citations: Citation[] } | { ok: false; check: FailedCheck; sentence: number };

export interface VerifyOptions {
  /** The prompt's own instructions: an answer that repeats them is refused. */
  prompt?: string;
  /** Acronyms and jargon: "LA" is said by a passage that says "local authority". */
  glossary?: Glossary;
  /** Least share of a sentence's content words its passages must contain (measured in the notes). */
  minOverlap?: number;
}

/** Measured on constructed good and wrong answers (see notes): 0.6 keeps paraphrase, refuses invention. */
export const MIN_OVERLAP = 0.6;

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30,
  forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11,
  twelfth: 12, fifteenth: 15, twentieth: 20, thirtieth: 30, fortnight: 14, once: 1, twice: 2, half: 0.5, single: 1, double: 2,
};
const UNITS: Record<string, string> = {
  day: 'day', days: 'day', week: 'week', weeks: 'week', weekly: 'week', month: 'month', months: 'month', monthly: 'month',
  year: 'year', years: 'year', hour: 'hour', hours: 'hour', minute: 'minute', minutes: 'minute', term: 'term', terms: 'term',
  session: 'session', sessions: 'session', fortnight: 'fortnight',
};
/** Words that may sit between a count and its unit ("six school days", "10 working days"). */
const QUALIFIERS = new Set(['school', 'working', 'calendar', 'clear', 'consecutive', 'full', 'further', 'more', 'additional', 'business', 'teaching', 'academic', 'of', 'the', 'a']);
const MONTHS = /\b(Jan(?:uary)?|Feb(?:ruary)?|Apr(?:il)?|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?<=\d(?:st|nd|rd|th)?\s)(?:May|March|Mar)|(?:May|March|Mar)(?=\s\d))\b/g;
const MONTH_FULL = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const URL = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"'`]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.uk|org\.uk|co\.uk|ac\.uk|nhs\.uk|sch\.uk|police\.uk|com|org|net|io|uk)\b(?:\/[^\s<>()[\]"'`]*)?/gi;
const EMAIL = /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;
const PHONE = /(?:\+44\s?\(?0?\)?\s?|\b0)\d[\d\s-]{7,12}\d\b/g;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b/gi;
const MONEY = /£\s?(\d[\d,]*(?:\.\d+)?)\s?(k|m|bn|thousand|million|billion)?\b|\b(\d[\d,]*(?:\.\d+)?)\s?(thousand|million|billion)?\s?(?:pounds|gbp)\b/gi;
const PERCENT = /\b(\d+(?:\.\d+)?)\s?(?:%|per ?cent|percent)/gi;
const MARKER = /\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g;
const MD_LINK = /\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g;

const normUrl = (u: string) => u.toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/[/.,;:!?]+$/, '');
const compact = (s: string) => s.toLowerCase().replace(/['’]s\b/g, '').replace(/[^a-z0-9@]+/g, '');
const normNumber = (s: string) => {
  const n = Number(s.replace(/,/g, ''));
  return Number.isFinite(n) ? String(n) : s;
};
const MULTIPLIER: Record<string, string> = { k: 'thousand', m: 'million', bn: 'billion', thousand: 'thousand', million: 'million', billion: 'billion' };

/** What a passage, or a set of passages, states: the things a sentence may repeat from it. */
interface Source {
  lower: string;
  compact: string;
  urls: string;
  phoneDigits: string;
  postcodes: string;
  numbers: Set<string>;
  counts: Set<string>;
  money: Set<string>;
  percents: Set<string>;
  months: Set<string>;
  words: Set<string>;
  terms: Set<string>;
}

/** Lower-case tokens with number words and ordinals ("6th", "sixth") made into numbers. */
function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\d),(\d{3})\b/g, '$1$2')
    .split(/[^a-z0-9.]+/)
    .map((t) => t.replace(/\.+$/, '').replace(/^\.+/, ''))
    .filter(Boolean)
    .map((t) => {
      if (/^\d+(?:st|nd|rd|th)$/.test(t)) return t.replace(/\D+$/, '');
      if (/^\d+(?:\.\d+)?$/.test(t)) return normNumber(t);
      return NUMBER_WORDS[t] !== undefined ? String(NUMBER_WORDS[t]) : t;
    });
}

const isNumber = (t: string) => /^\d+(?:\.\d+)?$/.test(t);

/** Each count with its unit, "6:day" for "the sixth school day" or "day 6". */
function counts(toks: string[]): Array<{ n: string; unit: string }> {
  const out: Array<{ n: string; unit: string }> = [];
  for (const [i, t] of toks.entries()) {
    if (!isNumber(t)) continue;
    if (toks[i - 1] && UNITS[toks[i - 1]!] && !isNumber(toks[i + 1] ?? '')) {
      out.push({ n: t, unit: UNITS[toks[i - 1]!]! });
      continue;
    }
    for (let k = i + 1; k <= i + 3 && k < toks.length; k++) {
      const u = UNITS[toks[k]!];
      if (u) {
        out.push({ n: t, unit: u });
        break;
      }
      if (!QUALIFIERS.has(toks[k]!)) break;
    }
  }
  return out;
}

function money(text: string): string[] {
  return [...text.matchAll(MONEY)].map((m) => `${normNumber(m[1] ?? m[3]!)}${MULTIPLIER[(m[2] ?? m[4] ?? '').toLowerCase()] ?? ''}`);
}

function months(text: string): string[] {
  return [...text.matchAll(MONTHS)].map((m) => {
    const w = m[1]!.toLowerCase();
    return MONTH_FULL.find((f) => f.startsWith(w.slice(0, 3))) ?? w;
  });
}

function sourceOf(cited: Citation[], glossary?: Glossary): Source {
  const text = cited.map((c) => `${c.label}\n${c.title} ${c.year} ${c.authority}\n${c.section}\n${c.text}`).join('\n\n');
  const toks = tokens(text);
  const termSet = new Set(terms(text));
  const wordSet = new Set(text.toLowerCase().split(/[^a-z0-9'-]+/).filter(Boolean));
  // A passage that says "local authority" also says "LA" to a reader: its glossary terms' words count.
  for (const m of glossary?.find(text) ?? []) {
    for (const a of [...m.term.aliases, m.term.term, m.term.expansion]) {
      for (const w of a.toLowerCase().split(/[^a-z0-9'-]+/).filter(Boolean)) wordSet.add(w);
      for (const t of terms(a)) termSet.add(t);
    }
  }
  return {
    lower: text.toLowerCase(),
    compact: compact(text),
    urls: normUrl(text.replace(/\s+/g, ' ')).replace(/https?:\/\/|www\./g, ''),
    phoneDigits: text.replace(/(?<=\d)[\s-]+(?=\d)/g, ''),
    postcodes: text.toUpperCase().replace(/\s+/g, ''),
    numbers: new Set(toks.filter(isNumber)),
    counts: new Set(counts(toks).map((c) => `${c.n}:${c.unit}`)),
    money: new Set(money(text)),
    percents: new Set([...text.matchAll(PERCENT)].map((m) => normNumber(m[1]!))),
    months: new Set(months(text)),
    words: wordSet,
    terms: termSet,
  };
}

/** Words spelled with a capital that are not a sentence's first word: names of people, bodies, places. */
function capitalised(sentence: string): string[] {
  const out: string[] = [];
  const english = EnglishFrequency.load();
  for (const m of sentence.matchAll(/(?<![\w'’-])([A-Z][A-Za-z]*(?:['’-][A-Za-z]+)*)/g)) {
    const w = m[1]!;
    const first = sentence.slice(0, m.index).replace(/[\s"“'‘(*_-]+/g, '') === '' || /[:;•]\s*$/.test(sentence.slice(0, m.index));
    // A sentence's first word is capitalised anyway; it is a name only if English does not know it or it is an acronym.
    if (first && english.knows(w.toLowerCase()) && !/^[A-Z]{2,}s?$/.test(w)) continue;
    if (w === 'I' || w === 'A') continue;
    out.push(w);
  }
  return out;
}

function sentencesOf(text: string): string[] {
  // Decimal points and abbreviations do not end a sentence.
  const guarded = text
    .replace(/(\d)\.(\d)/g, '$1\u0001$2')
    .replace(/\b(e\.g|i\.e|etc|para|paras|no|approx|vs|st|dr|mr|mrs|ms|cf)\./gi, (m) => m.replace(/\./g, '\u0001'));
  const out: string[] = [];
  let start = 0;
  for (const m of guarded.matchAll(/[.!?]+["”’)*_]*((?:\s*\[[\d,\s–-]+\])*)(?=\s|$)|\n+/g)) {
    const end = m.index + m[0].length;
    out.push(guarded.slice(start, end));
    start = end;
  }
  out.push(guarded.slice(start));
  return out.map((s) => s.replace(/\u0001/g, '.').trim()).filter((s) => /[A-Za-z0-9]/.test(s));
}

/** Six words in a row from the prompt's own instructions, in the answer: the prompt is being repeated. */
function echoes(answer: string, prompt: string): boolean {
  const p = prompt.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const shingles = new Set<string>();
  for (let i = 0; i + 6 <= p.length; i++) shingles.add(p.slice(i, i + 6).join(' '));
  const a = answer.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  for (let i = 0; i + 6 <= a.length; i++) if (shingles.has(a.slice(i, i + 6).join(' '))) return true;
  return false;
}

/** Every fact-bearing token of one sentence is in its cited passages, or the check that fails. */
function unsupported(sentence: string, src: Source): FailedCheck | undefined {
  const links = [...sentence.matchAll(MD_LINK)].map((m) => m[2]!);
  const plain = sentence.replace(MD_LINK, (_m, label: string) => label);
  for (const u of [...links, ...[...plain.matchAll(URL)].map((m) => m[0])]) if (!src.urls.includes(normUrl(u))) return 'link';
  for (const m of plain.matchAll(EMAIL)) if (!src.lower.includes(m[0].toLowerCase())) return 'email';
  const noEmails = plain.replace(EMAIL, ' ');
  for (const m of noEmails.matchAll(PHONE)) if (!src.phoneDigits.includes(m[0].replace(/[\s-]+/g, '').replace(/^\+44\(?0?\)?/, '0'))) return 'phone';
  for (const m of noEmails.matchAll(POSTCODE)) if (!src.postcodes.includes(m[0].toUpperCase().replace(/\s+/g, ''))) return 'postcode';
  const rest = noEmails.replace(URL, ' ');
  for (const m of money(rest)) if (!src.money.has(m)) return 'money';
  for (const m of rest.matchAll(PERCENT)) if (!src.percents.has(normNumber(m[1]!))) return 'figure';
  for (const m of months(rest)) if (!src.months.has(m)) return 'date';
  const toks = tokens(rest);
  for (const c of counts(toks)) if (!src.counts.has(`${c.n}:${c.unit}`)) return 'duration';
  for (const t of toks) if (isNumber(t) && !src.numbers.has(t)) return 'figure';
  for (const name of capitalised(rest)) {
    const w = name.toLowerCase().replace(/['’]s$/, '');
    if (!src.words.has(w) && !src.words.has(w.replace(/s$/, '')) && !src.lower.includes(w)) return 'name';
  }
  return undefined;
}

/**
 * A denial the passages never make: "provision is not provided from the sixth day" shares every
 * word with a passage that says it is. Lexical, so it only catches a negation added to passages
 * that negate nothing; a passage that says "not" anywhere lets it through.
 */
const NEGATION = /\b(?:not|no|never|none|nor|cannot|without|neither|unless|except)\b|n[’']t\b/i;

function overlap(sentence: string, src: Source): number {
  const content = terms(sentence.replace(MD_LINK, '$1')).filter((t) => !/\d/.test(t) && NUMBER_WORDS[t] === undefined);
  if (!content.length) return 1;
  return content.filter((t) => src.terms.has(t)).length / content.length;
}

/**
 * Whether a model's answer may be shown: on success, its markers renumbered in order of use and
 * only the passages it used cited; otherwise the first check that failed and where.
 *
 * @example
 * verifyAnswer('Provision starts on the sixth day of the exclusion [1].', citations);
 * // { ok: true, text: '… [1].', citations: [citations[0]] }
 */
export function verifyAnswer(text: string, retrieved: Citation[], opts: VerifyOptions = {}): Verdict {
  const answer = text.trim();
  if (!answer) return { ok: false, check: 'empty', sentence: 0 };
  if (opts.prompt && echoes(answer, opts.prompt)) return { ok: false, check: 'echo', sentence: 0 };
  const sentences = sentencesOf(answer);
  const minOverlap = opts.minOverlap ?? MIN_OVERLAP;
  for (const [i, s] of sentences.entries()) {
    const cited = [...s.matchAll(MARKER)].flatMap((m) => {
      const parts = m[1]!.split(/\s*,\s*/);
      return parts.flatMap((p) => {
        const [a, b] = p.split(/\s*[–-]\s*/).map(Number);
        return b !== undefined && b >= a! && b - a! < 10 ? Array.from({ length: b - a! + 1 }, (_, k) => a! + k) : [a!];
      });
    });
    if (!cited.length) return { ok: false, check: 'unmarked', sentence: i };
    if (cited.some((n) => !retrieved[n - 1])) return { ok: false, check: 'marker', sentence: i };
    const src = sourceOf([...new Set(cited)].map((n) => retrieved[n - 1]!), opts.glossary);
    const bare = s.replace(MARKER, ' ');
    // A name, phone number or address the passages do not hold is someone's personal detail.
    // Compared without spaces or punctuation: "Local Offer" is in "SENDLocalOffer".
    // Phone numbers, emails and postcodes are checked below with the other facts.
    const personal = findPersonalDetails(bare, src.words).find((d) => {
      if (['phone', 'email', 'postcode'].includes(d.kind)) return false;
      const said = bare.slice(d.start, d.end);
      // A name is the passages' own when each of its words is in them ("Bromley's Local Offer").
      return d.kind === 'name' ? !said.split(/\s+/).every((w) => src.compact.includes(compact(w))) : !src.compact.includes(compact(said));
    });
    if (personal) return { ok: false, check: 'personal', sentence: i };
    const failed = unsupported(bare, src);
    if (failed) return { ok: false, check: failed, sentence: i };
    if (NEGATION.test(bare) && !NEGATION.test(src.lower)) return { ok: false, check: 'negation', sentence: i };
    if (overlap(bare, src) < minOverlap) return { ok: false, check: 'overlap', sentence: i };
  }
  return { ok: true, ...renumber(answer, retrieved) };
}

/** Markers renumbered in order of first use; only the passages used are cited. */
function renumber(text: string, retrieved: Citation[]): { text: string; citations: Citation[] } {
  const used: number[] = [];
  const out = text.replace(MARKER, (_m, inner: string) =>
    inner
      .split(/\s*,\s*/)
      .flatMap((p) => {
        const [a, b] = p.split(/\s*[–-]\s*/).map(Number);
        return b !== undefined && b >= a! ? Array.from({ length: b - a! + 1 }, (_, k) => a! + k) : [a!];
      })
      .map((n) => {
        if (!used.includes(n - 1)) used.push(n - 1);
        return `[${used.indexOf(n - 1) + 1}]`;
      })
      .join(''),
  );
  return { text: out, citations: used.map((i) => retrieved[i]!) };
}
