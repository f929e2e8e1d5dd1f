/**
 * Cut a text to at most `max` characters, at a word boundary where there is one in its second
 * half, with an ellipsis: a label is never shown as "transitions into pos".
 *
 * @example
 * clip('Priority 1 – Sustainable transitions into post 16', 40); // 'Priority 1 – Sustainable transitions…'
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/, '')}…`;
}

/**
 * The opening of a passage as a quote a reader can check: its first sentence, or, when that is
 * longer than `max`, its first clauses up to the last clause boundary that fits (comma, semicolon,
 * colon, dash), with an ellipsis. Never cut mid-word or mid-phrase: a sentence with no boundary in
 * reach is quoted whole. A list's items each end where their line does, and a list introduced by
 * a colon is quoted with its first item ("is to: Create a three-tier …").
 *
 * @example
 * quoteOf('Equally, where a child is looked after, any placement should first be discussed with the Virtual School Officer and the social worker.', 80);
 * // 'Equally, where a child is looked after…'
 */
export function quoteOf(passage: string, max = 320): string {
  const ITEM = '\u0000';
  const flat = passage
    // Markdown emphasis and table cells read as prose: "**Tier 3:** Specialist", "Tier 2 | Short term".
    .replace(/\*\*|__/g, '')
    .replace(/^\s*\|\s*|\s*\|\s*$/gm, '')
    .replace(/ \| /, ': ')
    .replace(/ \| /g, '; ')
    .replace(/(^|\n)\s*(?:[-–•*]|\(?[a-z0-9]\))\s+(?=\S)/gi, `$1${ITEM}`)
    .replace(/\s+/g, ' ')
    .trim();
  // Sentences end at . ! ? before a capital, or where a list item's line ends.
  const pieces = flat.split(new RegExp(`(?<=[.!?])\\s+(?=[A-Z(‘"“'0-9${ITEM}])|\\s*${ITEM}\\s*`)).filter((x) => x.trim());
  let sentence = (pieces[0] ?? flat).trim();
  // "… is to:" introduces a list: quote it with its first item.
  if (/:$/.test(sentence) && pieces[1]) sentence = `${sentence} ${pieces[1].trim()}`;
  sentence = sentence.replaceAll(ITEM, '').trim();
  if (sentence.length <= max) return sentence;
  let cut = -1;
  for (const m of sentence.matchAll(/[;:,](?=\s)|\s[–—-](?=\s)/g)) if (m.index! <= max - 1 && m.index! >= 30) cut = m.index!;
  if (cut > 0) return `${sentence.slice(0, cut).trimEnd()}…`;
  return sentence;
}

/** The longest question the bot reads, in chat and at the command line alike. */
export const MAX_QUESTION_CHARS = 4000;

/** What a reader is told when a question is longer than MAX_QUESTION_CHARS. */
export function questionTooLong(length: number): string {
  return `That question is ${length.toLocaleString('en-GB')} characters long; I can read up to ${MAX_QUESTION_CHARS.toLocaleString('en-GB')}. Please ask a shorter question.`;
}
