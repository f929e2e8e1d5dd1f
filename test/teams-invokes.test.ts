import { afterEach, describe, expect, it } from 'vitest';
import type { Feature } from '../bot/feature.js';
import { card, execute, text } from '../cards/adaptive.js';
import { fakeConnector } from './helpers/connector.js';
import { message, startTestApp, type TestApp } from './helpers/app.js';

/** A feature with one card action and one slow answer, to watch what the bot sends around them. */
const demo: Feature = {
  commands: [
    {
      pattern: /^slow$/,
      async run(turn) {
        await turn.typing();
        await new Promise((r) => setTimeout(r, 5600));
        await turn.send({ text: 'done' });
      },
    },
  ],
  actions: {
    'demo.count': async (turn) => ({ card: card([text(`Counted ${String(turn.data.n)}`)], [execute('Again', 'demo.count', { n: Number(turn.data.n) + 1 })]) }),
  },
};

describe('invokes and activities as Teams expects them', () => {
  let t: TestApp;
  let connector: Awaited<ReturnType<typeof fakeConnector>> | undefined;
  afterEach(async () => {
    await t?.close();
    await connector?.close();
    connector = undefined;
  });

  it.each([
    ['no action at all', {}],
    ['an action that is not Action.Execute', { action: { type: 'Action.Submit', verb: 'demo.count' } }],
    ['an action without a verb', { action: { type: 'Action.Execute', data: {} } }],
  ])('answers a malformed adaptiveCard/action (%s) with HTTP 200 and a 400 error body', async (_name, value) => {
    t = await startTestApp({ features: [demo] });
    const res = await t.send(message('', { type: 'invoke', name: 'adaptiveCard/action', text: undefined, deliveryMode: undefined, value }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest' } });
  });

  it('gives every Action.Execute an Action.Submit fallback that older clients can send, and answers it by updating the card', async () => {
    connector = await fakeConnector();
    t = await startTestApp({ features: [demo] });
    const first = await t.send(message('', { type: 'invoke', name: 'adaptiveCard/action', text: undefined, deliveryMode: undefined, value: { action: { type: 'Action.Execute', verb: 'demo.count', data: { action: 'demo.count', n: 1 } } } }));
    const returned = (first.body as { value: { actions: Array<{ fallback: { type: string; data: Record<string, unknown> } }> } }).value;
    const fallback = returned.actions[0]!.fallback;
    expect(fallback).toMatchObject({ type: 'Action.Submit', data: { action: 'demo.count', n: 2 } });
    // An older client posts the fallback's data as a message replying to the card.
    const res = await t.postRaw(JSON.stringify(message('', { text: undefined, value: fallback.data, replyToId: 'card-7', serviceUrl: connector.url, deliveryMode: undefined })));
    expect(res.status).toBe(200);
    const update = connector.sent.find((s) => s.method === 'PUT');
    expect(update?.activityId).toBe('card-7');
    expect(JSON.stringify(update?.body)).toContain('Counted 2');
  });

  it('keeps the typing indicator showing while a configured model writes an answer', async () => {
    connector = await fakeConnector();
    t = await startTestApp({ features: [demo], env: { OPENAI_API_KEY: 'sk-test-not-used', LLM_TIMEOUT_MS: '8000' } });
    const res = await t.postRaw(JSON.stringify(message('slow', { serviceUrl: connector.url, deliveryMode: undefined })));
    expect(res.status).toBe(200);
    const kinds = connector.sent.map((s) => s.body.type);
    // One at the start, then one every 2.5 s (Teams drops an indicator after about 3 s), then the answer.
    expect(kinds.filter((k) => k === 'typing').length).toBeGreaterThanOrEqual(3);
    expect(kinds.at(-1)).toBe('message');
    // Nothing is sent after the answer.
    await new Promise((r) => setTimeout(r, 3000));
    expect(connector.sent.map((s) => s.body.type).at(-1)).toBe('message');
  }, 15_000);

  it('welcomes a team by @mentioning whoever added the app', async () => {
    t = await startTestApp();
    const { replies } = await t.send(
      message('', {
        type: 'installationUpdate',
        action: 'add',
        text: undefined,
        from: { id: '29:adder', aadObjectId: 'aad-adder', name: 'Ada Admin' },
        conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' },
        channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:general@thread.tacv2' } },
      }),
    );
    expect(replies[0]!.text).toContain('<at>Ada Admin</at>');
    expect(replies[0]!.entities).toEqual(expect.arrayContaining([{ type: 'mention', text: '<at>Ada Admin</at>', mentioned: { id: '29:adder', name: 'Ada Admin' } }]));
  });

  it('asks Teams for the name of whoever added the app when the install does not say it', async () => {
    connector = await fakeConnector({ members: { '29:adder': { id: '29:adder', name: 'Ada Admin' } } });
    t = await startTestApp();
    const res = await t.postRaw(
      JSON.stringify(
        message('', {
          type: 'installationUpdate',
          action: 'add',
          text: undefined,
          deliveryMode: undefined,
          serviceUrl: connector.url,
          from: { id: '29:adder', aadObjectId: 'aad-adder' },
          conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' },
          channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:general@thread.tacv2' } },
        }),
      ),
    );
    expect(res.status).toBe(200);
    const welcome = connector.sent.find((s) => s.body.type === 'message')!;
    expect(welcome.body.text).toContain('<at>Ada Admin</at>');
  });
});
