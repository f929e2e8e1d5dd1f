import { type AdaptiveCard, card, heading, sendText, text } from './adaptive.js';

/** One thing the bot can do today, as the welcome card shows it. */
export interface Capability {
  title: string;
  description: string;
  /** What a button on the card sends, as if typed. */
  command?: { label: string; text: string };
  /** Example questions, shown as buttons that ask them. */
  examples?: string[];
}

/**
 * The card shown on install and on `help`. Only capabilities that work are passed in,
 * so the card never promises what the bot cannot do.
 *
 * @example
 * welcomeCard([{ title: 'Ask a question', description: '…', examples: ['What is the sixth day provision?'] }])
 */
export function welcomeCard(capabilities: Capability[]): AdaptiveCard {
  const body = [
    heading('AP Assist'),
    text(
      'I help school staff and local authority officers with alternative provision (AP): education arranged for pupils who cannot attend a mainstream school because of exclusion, illness or other reasons.',
    ),
  ];
  for (const c of capabilities) {
    body.push(text(c.title, { weight: 'Bolder', spacing: 'Medium' }));
    body.push(text(c.description, { spacing: 'Small' }));
    if (c.examples?.length) body.push({ type: 'ActionSet', spacing: 'Small', actions: c.examples.map((e) => sendText(e, e)) });
  }
  body.push(
    text('Please do not type pupils\' names or other personal details into questions. Type **help** to see this card again.', {
      isSubtle: true,
      size: 'Small',
      spacing: 'Medium',
    }),
  );
  const actions = capabilities.flatMap((c) => (c.command ? [sendText(c.command.label, c.command.text)] : []));
  return card(body, actions);
}
