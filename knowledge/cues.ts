/** A count, amount or share, in figures or in words ('six themes'): not a year, a date, or a section, paragraph or page number. */
const FIGURE =
  /(?<![\d.])(?<!\b(?:section|sections|paragraph|para|part|schedule|page|regulation|reg|s\.|key stage|year|tier|day|level)\s)(?!(?:19|20)\d\d\b)\d[\d,]*(?:\.\d+)?(?![\d,]*\s*(?:st|nd|rd|th)?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)\s*%?|£\s?\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|dozen)\s+(?!or\b|and\b|to\b)[a-z]/i;

/**
 * Where a question's own words start: the message's start, or a clause after a full stop, comma,
 * colon or dash, since staff often give the situation first ("year 9, PEX'd yesterday - when does
 * his provision start?").
 */
const OPENS = String.raw`(?:^|[.?!;:,]\s+|\s[-–]\s+)\s*`;

const HOW_OFTEN = new RegExp(String.raw`${OPENS}how often\b|\bhow (regularly|frequently)\b`, 'i');

/** Whether a sentence has the kind of words a question wants; a list item's own number ("1.") is not a figure. */
export function hasAnswerKind(re: RegExp, sentence: string): boolean {
  return re.test(sentence.replace(/^\s*(?:\d{1,2}|[a-z])[.)]\s+/i, ''));
}

/** "When…", "how soon…", "what's the deadline…": the answer is a time. */
export function isTimeQuestion(q: string): boolean {
  return new RegExp(String.raw`${OPENS}(when|by when)\b|\bhow (soon|quickly|fast|long)\b|\b(deadline|timescale|time limit|start date)\b`, 'i').test(q) && !HOW_OFTEN.test(q);
}

const TIME =
  /\b(\d+|a|one|two|three|four|five|six|seven|eight|ten|fifteen|thirty)\s+(school\s+|working\s+|calendar\s+)?(days?|weeks?|months?|terms?|years?|hours?)\b|\b(first|second|third|sixth|6th|same|next|following)\s+(school\s+|working\s+)?day\b|\b(immediately|no later than|without delay|as soon as|half[- ]termly|termly|annually|deadline)\b/i;
const WHO =
  /\b(team|officer|service|manager|lead|leader|head of|board|group|panel|partnership|coordinator|co-ordinator|director|commissioner|referrer|DSL|SENCO|contact|chair(ed|s)?|caseworkers?|social worker|virtual school)\b|@/i;
/** "Who do I tell": the answer names someone and says they are told (informed, notified, consulted). */
const TELL = /\b(tell|told|inform\w*|notif\w*|contact\w*|discuss\w*|report\w*|consult\w*|liais\w*|alert\w*|speak|talk|let \w+ know|ring|call|email)\b/i;
const WHO_TO_TELL = new RegExp(`^(?=[\\s\\S]*${TELL.source})(?=[\\s\\S]*(?:${WHO.source}))`, 'i');

/**
 * The kinds of answer a question asks for when it asks for more than one ("who do I tell and by
 * when?"), each to be answered by a sentence that holds it; one kind or none gives an empty list.
 */
export function answerKinds(q: string): Array<{ what: string; re: RegExp }> {
  const out: Array<{ what: string; re: RegExp }> = [];
  if (/\bwho(m)?\b/i.test(q)) out.push(/\bwho(m)?\b[^?]{0,40}\b(tell|inform|notify|contact|report|speak|talk|let \w+ know|ring|call|email)/i.test(q) ? { what: 'who to tell', re: WHO_TO_TELL } : { what: 'who', re: WHO });
  if (/\bwhen\b|\bdeadline\b|\bhow (soon|quickly|long)\b|\btimescales?\b/i.test(q)) out.push({ what: 'by when', re: TIME });
  if (/\bhow (many|much)\b/i.test(q)) out.push({ what: 'how many', re: FIGURE });
  return out.length > 1 ? out : [];
}

/**
 * What kind of words answer a question: a "when" wants a time, a "how many" a figure, a "who" a
 * role or team. A sentence that has them is likelier the answer than one that only shares topic
 * words, so retrieval and the extractive answer both prefer it.
 */
export function answerCue(q: string): RegExp | undefined {
  if (HOW_OFTEN.test(q))
    return /\b(annual|annually|yearly|termly|half-termly|weekly|monthly|daily|once|twice|every|per (year|term|week)|each (year|term|week)|at least)\b/i;
  if (isTimeQuestion(q)) return TIME;
  if (new RegExp(String.raw`${OPENS}how (many|much)\b|\b(number of|numbers|percentage|per ?cent|proportion|what rate|rate of|how big|figures?)\b|%`, 'i').test(q))
    return FIGURE;
  if (new RegExp(String.raw`${OPENS}(who|whom)\b|\bwho('s| is| are| do| does| should| to)\b|\b(contact|email|e-mail|point of contact)\b`, 'i').test(q)) return WHO;
  return undefined;
}

/**
 * Questions whose answer is a figure, a phone number or an email address: a passage without one
 * cannot answer them, however well it matches the topic ("how many places does Quay School
 * have?" against a passage about Quay School's funding).
 */
export function requiredAnswer(q: string): { what: string; re: RegExp } | undefined {
  if (/\b(phone|telephone|tel)\b|\bnumber (to|I can) (ring|call)\b/i.test(q)) return { what: 'a phone number', re: /(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b/ };
  if (/\b(e-?mail|email address)\b/i.test(q)) return { what: 'an email address', re: /@/ };
  const figure = [
    /^\s*how (many|much)\b|\b(what|which) (number|percentage|proportion|rate)\b|\bwhat % |\b(how big|what size)\b/i,
    /\bwhat(?:'s|s| is| was| are| were)? (?:the |their |its |our )?(?:\w+ )?(rate|cost|price|fees?|charge|amount|budget|spend|spending|salary|percentage|proportion)\b/i,
  ];
  if (figure.some((r) => r.test(q))) return { what: 'that figure', re: FIGURE };
  return undefined;
}

/**
 * "How many … right now?", "what dates does the panel meet this term?": figures and dates for
 * the present, which published strategies and guidance cannot hold.
 */
export function asksForLiveFacts(q: string): boolean {
  const now = /\b(this (half[- ]?)?term|next (half[- ]?)?term|right now|at the moment|currently|this week|next week|this month|next month|last year|this year so far)\b/i;
  const figureOrDate = /\b(how many|how much|what dates?|which dates?|deadline|number of|rate|figures?|stats|statistics)\b/i;
  return now.test(q) && figureOrDate.test(q);
}
