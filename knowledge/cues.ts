/**
 * What kind of words answer a question: a "when" wants a time, a "how many" a figure, a "who" a
 * role or team. A sentence that has them is likelier the answer than one that only shares topic
 * words, so retrieval and the extractive answer both prefer it.
 */
export function answerCue(q: string): RegExp | undefined {
  if (/^\s*how often\b|\bhow (regularly|frequently)\b/i.test(q))
    return /\b(annual|annually|yearly|termly|half-termly|weekly|monthly|daily|once|twice|every|per (year|term|week)|each (year|term|week)|at least)\b/i;
  if (/^\s*(when|by when)\b|\bhow (soon|quickly|fast|long)\b|\b(deadline|timescale|time limit|start date)\b/i.test(q))
    return /\b(\d+|one|two|three|four|five|six|seven|eight|ten|fifteen|thirty)\s+(school\s+|working\s+|calendar\s+)?(days?|weeks?|months?|terms?|years?|hours?)\b|\b(same day|next day|immediately|within|no later than|sixth day|6th day|by the|from the first|half[- ]termly|termly|annually)\b/i;
  if (/^\s*how (many|much)\b|\b(number of|numbers|percentage|per ?cent|proportion|what rate|rate of|how big|figures?)\b|%/i.test(q))
    return /(?<![\d.])(?!(?:19|20)\d\d\b)\d[\d,]*(?:\.\d+)?\s*%?|£\s?\d/;
  if (/^\s*(who|whom)\b|\bwho('s| is| are| do| does| should| to)\b|\b(contact|email|e-mail|point of contact)\b/i.test(q))
    return /\b(team|officer|service|manager|lead|leader|head of|board|group|panel|partnership|coordinator|co-ordinator|director|commissioner|referrer|DSL|SENCO|contact|chair(ed|s)?|caseworkers?|social worker|virtual school)\b|@/i;
  return undefined;
}
