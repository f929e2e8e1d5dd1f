/**
 * Personal details typed into a message: a pupil's or family's name with an address, a postcode,
 * a phone number, an email, a date of birth, a UPN, an NHS or National Insurance number.
 *
 * Guidance answers never need them, so they are found before anything else happens to a message:
 * the bot reminds the sender not to share them, answers only the general part of the question,
 * and never passes them to a language model, a cache key or a log.
 *
 * The patterns are the formats these identifiers have in England (Royal Mail postcodes, Ofcom
 * numbering, the DfE's UPN, NHS and HMRC numbers), not phrasings collected from messages.
 *
 * @example
 * findPersonalDetails('Jane Smith lives at 12 High Street, UB8 1AB').map((d) => d.kind);
 * // ['name', 'address', 'postcode']
 */

export type DetailKind = 'name' | 'address' | 'postcode' | 'phone' | 'email' | 'dateOfBirth' | 'upn' | 'nhsNumber' | 'niNumber';

export interface PersonalDetail {
  kind: DetailKind;
  start: number;
  end: number;
}

const STREET_TYPES =
  'street|st|road|rd|avenue|ave|lane|ln|close|cl|drive|dr|way|crescent|cres|court|ct|place|pl|gardens|gdns|grove|terrace|park|hill|mews|row|walk|square|sq|green|rise|view|parade|estate|house|flats?|tower|road|yard|wharf|vale|gate|meadows?|fields?|boulevard|broadway|circus|esplanade|quay';

const PATTERNS: Array<[DetailKind, RegExp]> = [
  ['email', /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g],
  // Royal Mail format: outward code (A9, A99, A9A, AA9, AA99, AA9A) and inward code (9AA).
  ['postcode', /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b/gi],
  // A house number (or flat) and a street: "12 High Street", "flat 3, 40 Long Lane".
  ['address', new RegExp(`\\b(?:flat\\s+\\d+[a-z]?,?\\s+)?\\d{1,4}[a-z]?,?\\s+(?:[A-Za-z'-]+\\s+){1,3}(?:${STREET_TYPES})\\b`, 'gi')],
  // UK numbers: mobiles 07…, +44, and geographic 01/02/03 numbers, with the usual spacing.
  ['phone', /(?:\+44\s?\(?0?\)?\s?|\b0)(?:7\d{3}\s?\d{3}\s?\d{3}|[123]\d{1,3}[\s-]?\d{3,4}[\s-]?\d{3,4})\b/g],
  // A date said to be a birth date: "dob 03/04/2012", "born on 3 April 2012", "date of birth: 2012-04-03".
  ['dateOfBirth', /\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?|birthday(?: is)?)\s*(?:is\s*)?[:\-–]?\s*(?:\d{1,2}(?:st|nd|rd|th)?[\s/.-](?:\d{1,2}|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)[\s/.-]\d{2,4}|\d{4}-\d{2}-\d{2})/gi],
  // DfE unique pupil number: a check letter, 11 digits, and a digit or letter.
  ['upn', /\b[A-HJ-NP-Z]\d{11}[A-Z\d]\b/g],
  ['nhsNumber', /\bNHS(?: number| no\.?)?\s*(?:is\s*)?:?\s*\d{3}\s?\d{3}\s?\d{4}\b/gi],
  ['niNumber', /\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/g],
];

/**
 * Capitalised words that begin a two- or three-word run but are not a person's name: the
 * sector's and the documents' own proper nouns, days, months and titles of roles.
 */
const NOT_A_NAME = new Set(
  (
    'the a an and or but if when what who where why how which can could should would will do does did is are was were has have had ' +
    'i we you he she they it my our your his her their this that these those there here please hi hello dear thanks thank ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december ' +
    'mr mrs ms miss dr sir madam head headteacher senco dsl la lea ap pru send sen ehc ehcp cla lac pex fte ofsted dfe nhs camhs mash ' +
    'hillingdon bromley bury bcp bournemouth christchurch poole london borough council county city school academy college trust ' +
    'alternative provision virtual exclusions reintegration team panel gateway directory section year reception key stage ks1 ks2 ks3 ks4 ' +
    'primary secondary special free high street road lane avenue park church saint st new old north south east west upper lower great little ' +
    'english england british maths science pe art music history geography re pshe gcse btec'
  ).split(' '),
);

const CAPITALISED = /\b[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?\b/g;
/** "a girl called Ava", "pupil named Kai": one given name is enough when it is introduced as one. */
const INTRODUCED = /\b(?:called|named|name is|known as)\s+([A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?)\b/g;

/**
 * "Jane Smith", "Kai O'Neill-Brown": two or three adjacent capitalised words that are neither
 * the sector's nor the documents' words. A run broken by a known word ("Does Ava Jones") is
 * split there, so the name inside it is still found.
 */
function names(text: string, known: ReadonlySet<string>): PersonalDetail[] {
  const out: PersonalDetail[] = [];
  let run: Array<{ start: number; end: number }> = [];
  const flush = () => {
    if (run.length >= 2) out.push({ kind: 'name', start: run[0]!.start, end: run.at(-1)!.end });
    run = [];
  };
  for (const m of text.matchAll(CAPITALISED)) {
    const w = m[0].toLowerCase();
    const nameLike = !NOT_A_NAME.has(w) && !known.has(w);
    const adjacent = run.length > 0 && /^ +$/.test(text.slice(run.at(-1)!.end, m.index));
    if (!nameLike || !adjacent) flush();
    if (nameLike && run.length < 3) run.push({ start: m.index, end: m.index + m[0].length });
  }
  flush();
  for (const m of text.matchAll(INTRODUCED)) {
    const start = m.index + m[0].length - m[1]!.length;
    if (!known.has(m[1]!.toLowerCase())) out.push({ kind: 'name', start, end: start + m[1]!.length });
  }
  return out;
}

/**
 * Every personal detail in a text, in order. `knownWords` are lower-case words that are never a
 * person's name here (the documents' vocabulary), so "Virtual School" or "Fair Access" is not one.
 */
export function findPersonalDetails(text: string, knownWords: ReadonlySet<string> = new Set()): PersonalDetail[] {
  const found: PersonalDetail[] = [];
  for (const [kind, re] of PATTERNS) for (const m of text.matchAll(re)) found.push({ kind, start: m.index, end: m.index + m[0].length });
  found.push(...names(text, knownWords));
  // Overlaps keep the first found (an email's digits are not also a phone number).
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PersonalDetail[] = [];
  for (const d of found) if (!kept.some((k) => d.start < k.end && k.start < d.end)) kept.push(d);
  return kept;
}

/** What stands in for a detail: plain enough to read, bracketed so it is never read as the detail itself. */
const PLACEHOLDER: Record<DetailKind, string> = {
  name: 'the pupil',
  address: '[address]',
  postcode: '[postcode]',
  phone: '[phone number]',
  email: '[email]',
  dateOfBirth: '[date of birth]',
  upn: '[UPN]',
  nhsNumber: '[NHS number]',
  niNumber: '[NI number]',
};

/** The text with each personal detail replaced by a neutral phrase, so the general question survives. */
export function redactPersonalDetails(text: string, details = findPersonalDetails(text)): string {
  let out = text;
  for (const d of [...details].sort((a, b) => b.start - a.start)) out = `${out.slice(0, d.start)}${PLACEHOLDER[d.kind]}${out.slice(d.end)}`;
  return out;
}

/** Words that put a named person in a pupil's or family's place rather than an officer's. */
const ABOUT_A_PUPIL = /\b(pupil|student|child|kid|boy|girl|son|daughter|sibling|brother|sister|mum|dad|parent|carer|she|he|her|him|his|hers|year\s?\d{1,2}|y\d{1,2}|\d{1,2}[A-Z]{1,2}|form|class|excluded|suspended|referred|ehcp?|looked after|cla|lac|pru|ap|attend\w*)\b/i;

/**
 * Whether a message identifies someone: an identifier that is personal by itself (an address,
 * postcode, date of birth, UPN, NHS or NI number), a full name with a phone number or email, or a
 * full name in a message about a pupil or family. A name alone is not enough: staff name
 * officers, schools and providers all the time.
 */
export function identifiesSomeone(text: string, details: PersonalDetail[] = findPersonalDetails(text)): boolean {
  const kinds = new Set(details.map((d) => d.kind));
  if (['address', 'postcode', 'dateOfBirth', 'upn', 'nhsNumber', 'niNumber'].some((k) => kinds.has(k as DetailKind))) return true;
  if (!kinds.has('name')) return false;
  if (kinds.has('phone') || kinds.has('email')) return true;
  // The rest of the message, without the name itself, says it is about a pupil or family.
  return ABOUT_A_PUPIL.test(redactPersonalDetails(text, details.filter((d) => d.kind === 'name')).replace(/the pupil/g, ''));
}
