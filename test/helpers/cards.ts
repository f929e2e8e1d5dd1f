import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The SDK's dist bundle runs in Node without a DOM for parsing.
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/**
 * Parses a card with the Adaptive Cards SDK the way a client would and returns every warning
 * or error it raised. A card a test sends to Teams should come back with none.
 */
export function cardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json as never, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  const report = card.validateProperties();
  for (const e of report.validationEvents) problems.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  const version = (json as { version?: string }).version;
  if (version !== '1.5') problems.push(`version ${version}: Teams renders up to 1.5`);
  return problems;
}
