import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type { Feature } from '../bot/feature.js';
import { questionTooLong } from '../common/text.js';
import { message, startTestApp, type TestApp } from './helpers/app.js';
import { fakeConnector } from './helpers/connector.js';

function cardOf(reply: Record<string, unknown>) {
  const attachments = reply.attachments as Array<{ contentType: string; content: { body: Array<{ text?: string }> } }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
const cardText = (reply: Record<string, unknown>) => (cardOf(reply)?.body ?? []).map((b) => b.text ?? '').join('\n');

describe('the bot over HTTP in local mode', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('answers help with the welcome card', async () => {
    t = await startTestApp();
    const { status, replies } = await t.send(message('help'));
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(cardOf(replies[0]!)).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardText(replies[0]!)).toMatch(/alternative provision/i);
  });

  it('greets a user when the bot is installed', async () => {
    t = await startTestApp();
    const { replies } = await t.send(
      message('', { type: 'installationUpdate', action: 'add', text: undefined }),
    );
    expect(cardText(replies[0]!)).toMatch(/AP Assist/);
  });

  it('answers an @mention in a channel with the mention stripped, and ignores chatter without one', async () => {
    t = await startTestApp();
    const channel = { id: '19:chan@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' };
    const mentioned = await t.send(
      message('<at>AP Assist</at> help', {
        conversation: channel,
        entities: [{ type: 'mention', text: '<at>AP Assist</at>', mentioned: { id: 'bot-1', name: 'AP Assist' } }],
      }),
    );
    expect(cardText(mentioned.replies[0]!)).toMatch(/AP Assist/);
    const overheard = await t.send(message('help', { conversation: channel }));
    expect(overheard.replies).toHaveLength(0);
  });

  it('reads a command sent as formatted HTML', async () => {
    t = await startTestApp();
    const { replies } = await t.send(message('<p>help</p>'));
    expect(cardText(replies[0]!)).toMatch(/AP Assist/);
  });

  it('remembers the user conversation so it can message them later', async () => {
    t = await startTestApp();
    await t.send(message('help'));
    const ref = await t.store.conversations.get('user:aad-user-1');
    expect(ref?.reference).toMatchObject({ conversation: { id: 'conv-1' } });
  });

  it.each([
    ['empty text', message('')],
    ['whitespace only', message('   \n ')],
    ['attachments only', message('', { text: undefined, attachments: [{ contentType: 'image/png', contentUrl: 'http://x/y.png' }] })],
  ])('answers %s with a hint instead of failing', async (_name, activity) => {
    t = await startTestApp();
    const { status, replies } = await t.send(activity);
    expect(status).toBe(200);
    expect(String(replies[0]?.text)).toMatch(/type your question|typed messages/i);
  });

  it('refuses a 20,000 character message politely', async () => {
    t = await startTestApp();
    const { status, replies } = await t.send(message('a'.repeat(20_000)));
    expect(status).toBe(200);
    expect(String(replies[0]?.text)).toBe(questionTooLong(20_000));
  });

  it('answers malformed JSON and non-activities with 400, and oversize bodies with 413', async () => {
    t = await startTestApp({ env: { MAX_BODY_BYTES: '4096' } });
    expect((await t.postRaw('{"type": "message",')).status).toBe(400);
    expect((await t.postRaw('[1,2,3]')).status).toBe(400);
    expect((await t.postRaw('"hello"')).status).toBe(400);
    expect((await t.postRaw(JSON.stringify({ hello: 'world' }))).status).toBe(400);
    expect((await t.postRaw(JSON.stringify(message('x'.repeat(10_000))))).status).toBe(413);
    // Still serving afterwards.
    expect((await t.send(message('help'))).status).toBe(200);
  });

  it('tells the caller when a reply cannot be delivered to the conversation, and answers 200 when it can', async () => {
    t = await startTestApp();
    const connector = await fakeConnector();
    try {
      const delivered = await t.postRaw(JSON.stringify(message('help', { deliveryMode: undefined, serviceUrl: connector.url })));
      expect(delivered.status).toBe(200);
      expect(connector.to('conv-1').length).toBeGreaterThan(0);
      // Nothing listens on the discard port: the reply cannot go anywhere.
      const lost = await t.postRaw(JSON.stringify(message('help', { deliveryMode: undefined, serviceUrl: 'http://127.0.0.1:9/' })));
      expect(lost.status).toBe(502);
      expect(await lost.json()).toEqual({ error: expect.stringMatching(/could not be delivered/) });
      connector.failNext('conv-2', { status: 403 }, { status: 403 }, { status: 403 });
      const refused = await t.postRaw(JSON.stringify(message('help', { deliveryMode: undefined, serviceUrl: connector.url, conversation: { id: 'conv-2', conversationType: 'personal' } })));
      expect(refused.status).toBe(502);
    } finally {
      await connector.close();
    }
  });

  it("runs on restify's router and static file sender at their fixed versions (npm overrides)", () => {
    // find-my-way before 8.2.2 has a ReDoS in multi-parameter routes (GHSA-rrr8-f88r-h8q6), send
    // before 0.19.0 puts unsanitised paths in redirects (CVE-2024-43799); restify 11 asks for both.
    const fromRestify = createRequire(createRequire(import.meta.url).resolve('restify'));
    const version = (name: string) => (fromRestify(`${name}/package.json`) as { version: string }).version.split('.').map(Number);
    const atLeast = (v: number[], min: number[]) => v[0]! > min[0]! || (v[0] === min[0] && (v[1]! > min[1]! || (v[1] === min[1] && v[2]! >= min[2]!)));
    expect(atLeast(version('find-my-way'), [8, 2, 2])).toBe(true);
    expect(atLeast(version('send'), [0, 19, 0])).toBe(true);
  });

  it('acknowledges unknown activity and invoke types without an error', async () => {
    t = await startTestApp();
    expect((await t.send(message('', { type: 'somethingNew' }))).status).toBe(200);
    // Invokes are answered in the HTTP response itself, not as expected replies.
    const invoke = await t.send(message('', { type: 'invoke', name: 'unknown/thing', value: { a: 1 }, deliveryMode: undefined }));
    expect(invoke.status).toBe(200);
    const badExecute = await t.send(message('', { type: 'invoke', name: 'adaptiveCard/action', value: { nonsense: true }, deliveryMode: undefined }));
    // Teams expects HTTP 200 for an adaptiveCard/action, with the failure in the body.
    expect(badExecute.status).toBe(200);
    expect(badExecute.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(JSON.stringify(badExecute.body)).toMatch(/not understood/);
    expect((await t.send(message('help'))).status).toBe(200);
  });

  it('stores thumbs up/down feedback on an answer', async () => {
    t = await startTestApp();
    const res = await t.send(
      message('', {
        type: 'invoke',
        name: 'message/submitAction',
        replyToId: 'answer-7',
        deliveryMode: undefined,
        value: { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: 'cited the wrong paragraph' }) } },
      }),
    );
    expect(res.status).toBe(200);
    const rows = await t.store.feedback.list();
    expect(rows).toMatchObject([{ reply_to_id: 'answer-7', reaction: 'dislike', comment: 'cited the wrong paragraph' }]);
  });

  it('serves the website, privacy and terms pages the Teams manifest links to', async () => {
    t = await startTestApp();
    const site = await fetch(`${t.url}/`);
    expect(site.status).toBe(200);
    expect(await site.text()).toMatch(/alternative provision/);
    expect(await (await fetch(`${t.url}/privacy`)).text()).toMatch(/never what was typed/);
    expect((await fetch(`${t.url}/terms`)).status).toBe(200);
  });

  it('reports liveness and readiness', async () => {
    t = await startTestApp();
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});

describe('the bot with Bot Framework credentials', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('rejects a request without a valid token with 401', async () => {
    t = await startTestApp({ env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret', HOST: '127.0.0.1' } });
    const noToken = await t.send(message('help'));
    expect(noToken.status).toBe(401);
    const forged = await t.postRaw(JSON.stringify(message('help')), { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.' });
    expect(forged.status).toBe(401);
  });
});

describe('shutdown', () => {
  it('finishes a request in flight, then refuses new ones and closes the store', async () => {
    const slow: Feature = {
      commands: [{ pattern: /^slow$/i, run: async (turn) => { await new Promise((r) => setTimeout(r, 300)); await turn.send({ text: 'done' }); } }],
    };
    const t = await startTestApp({ features: [slow] });
    const inFlight = t.send(message('slow'));
    await new Promise((r) => setTimeout(r, 100));
    const closing = t.app.close();
    const finished = await inFlight;
    expect(finished.status).toBe(200);
    expect(finished.replies[0]?.text).toBe('done');
    await closing;
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    await expect(t.store.ping()).rejects.toThrow();
  });
});
