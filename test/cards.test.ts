import { describe, expect, it } from 'vitest';
import { welcomeCard } from '../cards/welcome.js';
import { cardProblems } from './helpers/cards.js';

describe('card validation helper', () => {
  it('flags a card the SDK cannot render cleanly', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'NoSuchElement' }] })).not.toEqual([]);
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.6', body: [] })).not.toEqual([]);
  });
});

describe('welcome card', () => {
  it('lists each capability with its example and button, and parses without warnings', () => {
    const c = welcomeCard([
      { title: 'Ask a question', description: 'Guidance from LA documents.', examples: ['What does EOTAS mean?'], command: { label: 'Ask', text: 'ask' } },
    ]);
    expect(cardProblems(c)).toEqual([]);
    const json = JSON.stringify(c);
    expect(json).toContain('What does EOTAS mean?');
    expect(c.actions).toEqual([expect.objectContaining({ title: 'Ask', data: { msteams: { type: 'imBack', value: 'ask' } } })]);
  });
});
