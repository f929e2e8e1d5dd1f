import { citationCard } from './citation.js';
import { clip } from '../common/text.js';
import type { Answer } from '../knowledge/answer.js';


/**
 * The reply Teams shows: the answer text, and one schema.org Message entity whose citation
 * claims sit at the positions of the [n] markers in the text. Plain data: the bot adds the
 * AI label when a model wrote the text.
 */
export function toTeamsReply(answer: Answer): TeamsReply {
  // A cached answer is the same object each time it is asked: its reply is built once.
  let reply = built.get(answer);
  if (!reply) built.set(answer, (reply = buildReply(answer)));
  return reply;
}

type TeamsReply = { text: string; entities: Array<Record<string, unknown>> };
const built = new WeakMap<Answer, TeamsReply>();

function buildReply(answer: Answer): TeamsReply {
  if (!answer.citations.length) return { text: answer.text, entities: [] };
  const positions = new Set([...answer.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  const citation = answer.citations
    .map((c, i) => ({ c, position: i + 1 }))
    .filter(({ position }) => positions.has(position))
    .map(({ c, position }) => ({
      '@type': 'Claim',
      position,
      appearance: {
        '@type': 'DigitalDocument',
        name: clip(c.label, 80),
        abstract: clip(c.text.replace(/\s+/g, ' '), 160),
        // Teams reads `text` as a stringified Adaptive Card: the whole passage, shown when the marker is opened.
        text: JSON.stringify(citationCard(c)),
        encodingFormat: 'application/vnd.microsoft.card.adaptive',
        keywords: [c.authority, String(c.year)].map((k) => clip(k, 28)).slice(0, 3),
      },
    }));
  return {
    text: answer.text,
    entities: citation.length ? [{ type: 'https://schema.org/Message', '@type': 'Message', '@context': 'https://schema.org', '@id': '', citation }] : [],
  };
}
