import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../common/logger.js';
import { createApp, type App } from '../../bot/server.js';
import type { Feature } from '../../bot/feature.js';
import { Store } from '../../store/store.js';
import { freshLocation } from './stores.js';
import type { StoreLocation } from '../../store/db.js';

export interface TestApp {
  app: App;
  store: Store;
  url: string;
  /** Posts a raw body to /api/messages. */
  postRaw(body: string, headers?: Record<string, string>): Promise<Response>;
  /** Sends one activity with expectReplies and returns the bot's replies. */
  send(activity: Record<string, unknown>): Promise<{ status: number; replies: Array<Record<string, unknown>>; body: unknown }>;
  close(): Promise<void>;
}

let seq = 0;

/** A personal-chat message activity from a test user. */
export function message(text: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    type: 'message',
    id: `act-${seq}`,
    text,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: 'user-1', aadObjectId: 'aad-user-1', name: 'Test Head' },
    recipient: { id: 'bot-1', name: 'AP Assist' },
    conversation: { id: 'conv-1', conversationType: 'personal', tenantId: 'tenant-1' },
    ...over,
  };
}

export async function startTestApp(opts: { env?: Record<string, string>; features?: Feature[]; location?: StoreLocation } = {}): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...opts.env }, { envFile: null });
  const location = opts.location ?? (await freshLocation('sqlite'));
  const store = await Store.open(location);
  const logger = createLogger('silent');
  const app = createApp({ config, store, logger, features: opts.features ?? [] });
  const { url } = await app.listen(0, '127.0.0.1');
  const postRaw = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return {
    app,
    store,
    url,
    postRaw,
    async send(activity) {
      const res = await postRaw(JSON.stringify(activity));
      const textBody = await res.text();
      const body = textBody ? (JSON.parse(textBody) as unknown) : undefined;
      const replies = ((body as { activities?: Array<Record<string, unknown>> } | undefined)?.activities ?? []);
      return { status: res.status, replies, body };
    },
    close: () => app.close(),
  };
}
