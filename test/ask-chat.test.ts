import { afterEach, describe, expect, it } from 'vitest';
import { askFeature, type Answerer, type ChatAnswer } from '../bot/features/ask.js';
import { message, startTestApp, type TestApp } from './helpers/app.js';

interface FakeAnswer extends ChatAnswer {
  text: string;
}

/** Answers from a table, the way the knowledge layer would, and records what it was asked. */
function fakeAnswerer(generatedBy: 'extractive' | 'llm' = 'extractive'): Answerer<FakeAnswer> & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async answer(q) {
      asked.push(q);
      return /council tax/i.test(q)
        ? { answered: false, generatedBy: 'extractive', text: 'I can only help with alternative provision.' }
        : { answered: true, generatedBy, text: 'Provision starts on the sixth school day [1].' };
    },
    toReply(a) {
      return {
        text: a.text,
        entities: a.answered
          ? [{ type: 'https://schema.org/Message', '@type': 'Message', '@context': 'https://schema.org', '@id': '', citation: [{ '@type': 'Claim', position: 1, appearance: { '@type': 'DigitalDocument', name: 'Hillingdon AP Guidance 2024/25, 5.6', abstract: 'provision from the sixth day' } }] }]
          : [],
      };
    },
  };
}

describe('asking a question in chat', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('answers a greeting or "what can you do?" with the help card and thanks with a short reply, but a question that opens with a greeting is asked', async () => {
    const answerer = fakeAnswerer();
    t = await startTestApp({ features: [askFeature(answerer)] });
    const transcript: Array<[string, 'card' | RegExp]> = [
      ['hi there!', 'card'],
      ['Good morning all', 'card'],
      ['what can you do?', 'card'],
      ['thanks, that was really helpful', /^You're welcome/],
      ['cheers', /^You're welcome/],
      ['hi, when does provision start after a PEX?', /sixth school day/],
    ];
    for (const [said, expected] of transcript) {
      const { replies } = await t.send(message(said));
      const reply = replies.find((r) => r.type === 'message')!;
      const attachments = reply.attachments as Array<{ contentType: string }> | undefined;
      if (expected === 'card') expect(attachments?.[0]?.contentType, said).toBe('application/vnd.microsoft.card.adaptive');
      else expect(reply.text, said).toMatch(expected);
    }
    expect(answerer.asked).toEqual(['hi, when does provision start after a PEX?']);
  });

  it('shows typing, then the cited answer with feedback buttons and no AI label for an extractive answer', async () => {
    const answerer = fakeAnswerer();
    t = await startTestApp({ features: [askFeature(answerer)] });
    const { replies } = await t.send(message('when does provision start after a PEX?'));
    expect(replies.map((r) => r.type)).toEqual(['typing', 'message']);
    const answer = replies[1]!;
    expect(answer.text).toMatch(/sixth school day \[1\]/);
    expect(answer.channelData).toMatchObject({ feedbackLoopEnabled: true });
    const entity = (answer.entities as Array<Record<string, unknown>>)[0]!;
    expect(entity.citation).toEqual([expect.objectContaining({ position: 1 })]);
    expect(entity.additionalType).toBeUndefined();
    expect(answerer.asked).toEqual(['when does provision start after a PEX?']);
  });

  it('labels a model-written answer as AI generated', async () => {
    t = await startTestApp({ features: [askFeature(fakeAnswerer('llm'))] });
    const { replies } = await t.send(message('when does provision start after a PEX?'));
    const entity = (replies[1]!.entities as Array<Record<string, unknown>>)[0]!;
    expect(entity.additionalType).toEqual(['AIGeneratedContent']);
  });

  it('declines without feedback buttons', async () => {
    t = await startTestApp({ features: [askFeature(fakeAnswerer())] });
    const { replies } = await t.send(message('when is council tax due?'));
    expect(replies[1]!.text).toMatch(/only help with alternative provision/);
    expect(replies[1]!.channelData).toBeUndefined();
  });

  it('takes "ask …" as a question without the prefix, and lists the capability on the welcome card', async () => {
    const answerer = fakeAnswerer();
    t = await startTestApp({ features: [askFeature(answerer)] });
    await t.send(message('ask: what is EOTAS?'));
    expect(answerer.asked).toEqual(['what is EOTAS?']);
    const help = await t.send(message('help'));
    expect(JSON.stringify(help.replies[0])).toContain('Ask a question');
  });
});

describe('thumbs-down on a kept answer', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('removes it, so the next asker gets the question worked out afresh', async () => {
    const kept = new Map<string, FakeAnswer>();
    const base = fakeAnswerer();
    const answerer: Answerer<FakeAnswer> = {
      ...base,
      recent: (q) => kept.get(q),
      async answer(q) {
        const a = await base.answer(q);
        kept.set(q, a);
        return a;
      },
      forget: (q) => void kept.delete(q),
    };
    const feature = askFeature(answerer);
    const q = 'when does provision start after a PEX?';
    const turn = (id: string) => ({ speaker: {} as never, text: q, reference: {}, typing: async () => undefined, send: async () => id });
    await feature.fallback!(turn('msg-1'));
    await feature.fallback!(turn('msg-2'));
    expect(base.asked).toEqual([q]);
    t = await startTestApp({ features: [feature] });
    const feedback = (replyToId: string, reaction: 'like' | 'dislike') =>
      t.send(message('', { type: 'invoke', name: 'message/submitAction', replyToId, deliveryMode: undefined, value: { actionName: 'feedback', actionValue: { reaction } } }));
    expect((await feedback('msg-2', 'like')).status).toBe(200);
    await feature.fallback!(turn('msg-3'));
    expect(base.asked).toEqual([q]);
    expect((await feedback('msg-1', 'dislike')).status).toBe(200);
    await feature.fallback!(turn('msg-4'));
    expect(base.asked).toEqual([q, q]);
  });
});

describe('a guidance question over HTTP, with the real knowledge base', () => {
  it('answers with Teams citations from the documents', async () => {
    const { assemble } = await import('../bot/features.js');
    const { loadConfig } = await import('../config/config.js');
    const { systemClock } = await import('../common/clock.js');
    const { Store } = await import('../store/store.js');
    const { freshLocation } = await import('./helpers/stores.js');
    const config = loadConfig({ LOG_LEVEL: 'silent' }, { envFile: null });
    const store = await Store.open(await freshLocation('sqlite'));
    const t = await startTestApp({ features: assemble({ config, store, logger: undefined as never, clock: systemClock }).features });
    try {
      const { replies } = await t.send(message('when does provision have to start after a permanent exclusion?'));
      const answer = replies.find((r) => r.type === 'message')!;
      expect(answer.text).toMatch(/sixth school day|sixth day/i);
      const entity = (answer.entities as Array<{ citation: Array<{ appearance: { name: string } }> }>)[0]!;
      expect(entity.citation[0]!.appearance.name).toMatch(/Hillingdon AP Guidance 2024\/25, 5\.6/);
      expect(replies.map((r) => r.type)).toEqual(['typing', 'message']);
      // Asked again (another member of staff, or Teams retrying): the same answer at once, no typing.
      const again = await t.send(message('When does provision have to start after a permanent exclusion?'));
      expect(again.replies.map((r) => r.type)).toEqual(['message']);
      expect(again.replies[0]!.text).toBe(answer.text);
    } finally {
      await t.close();
    }
  });
});
