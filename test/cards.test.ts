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

describe('deadlines in a list', () => {
  it('says each in plain words with an English date, the year only when it is not this year', async () => {
    const { dueWords } = await import('../cards/wording.js');
    expect(dueWords('2026-11-27', -1, '2026-11-30')).toBe('overdue since Friday 27 November');
    expect(dueWords('2026-11-30', 0, '2026-11-30')).toBe('due today, Monday 30 November');
    expect(dueWords('2026-12-01', 1, '2026-11-30')).toBe('due Tuesday 1 December, the next school day');
    expect(dueWords('2027-01-08', 20, '2026-11-30')).toBe('due Friday 8 January 2027, 20 school days away');
  });
});
