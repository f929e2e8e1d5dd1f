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

/** The longest question the bot reads, in chat and at the command line alike. */
export const MAX_QUESTION_CHARS = 4000;

/** What a reader is told when a question is longer than MAX_QUESTION_CHARS. */
export function questionTooLong(length: number): string {
  return `That question is ${length.toLocaleString('en-GB')} characters long; I can read up to ${MAX_QUESTION_CHARS.toLocaleString('en-GB')}. Please ask a shorter question.`;
}
