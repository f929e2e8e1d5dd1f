import { createServer, type Server } from 'node:http';

export interface Sent {
  method: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  /** Set when the bot started a new conversation (a new post in a channel): the channel it was in. */
  createdIn?: string;
}

/**
 * A stand-in for the Bot Connector service: records what the bot sends and updates, and can be
 * told to answer the next calls to a conversation with an error (429 with Retry-After, 403, 500).
 * A new conversation in a channel (POST /v3/conversations) is answered as Teams does: its id is
 * "<channel>;messageid=<id of its first post>"; failures for it are keyed by the channel id.
 */
export async function fakeConnector(opts: { members?: Record<string, { id: string; name: string }> } = {}) {
  const sent: Sent[] = [];
  const failures = new Map<string, Array<{ status: number; retryAfter?: number }>>();
  let n = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const member = req.method === 'GET' ? req.url?.match(/\/v3\/conversations\/[^/]+\/members\/([^/?]+)/) : null;
      if (member) {
        const m = opts.members?.[decodeURIComponent(member[1]!)];
        res.writeHead(m ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(m ?? { error: { code: 'NotFound', message: 'no such member' } }));
        return;
      }
      if (req.method === 'POST' && /\/v3\/conversations\/?$/.test(req.url ?? '')) {
        const params = (raw ? JSON.parse(raw) : {}) as { channelData?: { channel?: { id?: string } }; activity?: Record<string, unknown> };
        const channel = params.channelData?.channel?.id ?? 'unknown';
        const fail = failures.get(channel)?.shift();
        if (fail) {
          res.writeHead(fail.status, { 'content-type': 'application/json', ...(fail.retryAfter ? { 'retry-after': String(fail.retryAfter) } : {}) });
          res.end(JSON.stringify({ error: { code: 'Fake', message: 'fake failure' } }));
          return;
        }
        const activityId = `${1000 + ++n}`;
        const id = `${channel};messageid=${activityId}`;
        sent.push({ method: 'POST', conversationId: id, activityId, body: params.activity ?? {}, createdIn: channel });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, activityId }));
        return;
      }
      const m = req.url?.match(/\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/);
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      const conversationId = decodeURIComponent(m[1]!);
      const fail = failures.get(conversationId)?.shift();
      if (fail) {
        res.writeHead(fail.status, { 'content-type': 'application/json', ...(fail.retryAfter ? { 'retry-after': String(fail.retryAfter) } : {}) });
        res.end(JSON.stringify({ error: { code: 'Fake', message: 'fake failure' } }));
        return;
      }
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const id = m[2] ? decodeURIComponent(m[2]) : `posted-${++n}`;
      sent.push({ method: req.method ?? '', conversationId, activityId: id, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    sent,
    failNext(conversationId: string, ...answers: Array<{ status: number; retryAfter?: number }>) {
      failures.set(conversationId, [...(failures.get(conversationId) ?? []), ...answers]);
    },
    to(conversationId: string) {
      return sent.filter((s) => s.conversationId === conversationId);
    },
    /** New posts the bot started in a channel, each its own conversation. */
    postsIn(channelId: string) {
      return sent.filter((s) => s.createdIn === channelId);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
