import type { CloudAdapter, TurnContext } from 'botbuilder';
import { readFileSync } from 'node:fs';
import restify from 'restify';
import { fromRoot } from '../common/paths.js';
import { z } from 'zod';
import type { Config } from '../config/config.js';
import type { Logger } from '../common/logger.js';
import type { HttpIn, HttpOut } from '../board/api.js';
import type { Store } from '../store/store.js';
import { ApBot } from './apBot.js';
import { createAdapter } from './adapter.js';
import type { Feature } from './feature.js';
import { turnLogger } from './logging.js';

/** The least a body must be to be handed to the Bot Framework: anything else is a 400. */
const activityShape = z.object({
  type: z.string().min(1).max(100),
  id: z.string().max(1000).optional(),
  channelId: z.string().max(200).optional(),
  serviceUrl: z.string().max(2000).optional(),
  text: z.string().optional(),
  from: z.object({ id: z.string().min(1) }).loose(),
  recipient: z.object({ id: z.string() }).loose().optional(),
  conversation: z.object({ id: z.string().min(1) }).loose(),
  attachments: z.array(z.unknown()).optional(),
  entities: z.array(z.unknown()).optional(),
}).loose();

export interface AppOptions {
  config: Config;
  store: Store;
  logger: Logger;
  features: Feature[];
  /** Mounts POST /bench/echo: the baseline the benchmark compares the bot against. */
  echo?: boolean;
  /** The case board page and API (/board, /api/cases…), when the cases domain provides them. */
  board?: (req: HttpIn) => Promise<HttpOut>;
  /** Runs on close, after the last request and before the store closes: stops background workers. */
  onClose?: () => Promise<void>;
}

export interface App {
  server: restify.Server;
  adapter: CloudAdapter;
  bot: ApBot;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops taking requests, finishes those in flight, closes the store and logs one line saying so. */
  close(reason?: string): Promise<void>;
}

/**
 * The HTTP server Teams talks to.
 *
 * @example
 * const app = createApp({ config, store, logger, features });
 * await app.listen(); // POST /api/messages, GET /healthz, GET /readyz
 */
export function createApp(opts: AppOptions): App {
  const { config, store, logger } = opts;
  const adapter = createAdapter(config, logger);
  adapter.use(turnLogger(logger));
  const bot = new ApBot({ store, logger, features: opts.features, keepTypingMs: config.llm.provider === 'none' ? 0 : config.llm.timeoutMs });
  const server = restify.createServer({ name: 'ap-assist', handleUncaughtExceptions: false });
  let inFlight = 0;
  let closing = false;
  let idle: (() => void) | undefined;

  server.use((req, res, next) => {
    if (closing && req.url?.startsWith('/api/')) {
      res.header('Connection', 'close');
      res.send(503, { error: 'shutting down' });
      return next(false);
    }
    inFlight++;
    res.once('finish', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    return next();
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false, rejectUnknown: false }));

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'alive' });
    return next();
  });
  // The pages the Teams app manifest links to (its website URL is the site root).
  // The privacy page names this deployment's data controller and retention periods.
  const escHtml = (v: string) => v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  const fill = (html: string) =>
    html
      .replaceAll('{{controller}}', escHtml(config.dataController))
      .replaceAll('{{draftDays}}', String(config.retention.draftDays))
      .replaceAll('{{closedCaseDays}}', String(config.retention.closedCaseDays));
  for (const [path, page] of [['/', 'index'], ['/privacy', 'privacy'], ['/terms', 'terms']] as const) {
    const html = fill(readFileSync(fromRoot('docs', `${page}.html`), 'utf8'));
    server.get(path, (_req, res, next) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return next();
    });
  }

  server.get('/readyz', async (_req, res) => {
    try {
      await store.ping();
      res.send(closing ? 503 : 200, { status: closing ? 'shutting down' : 'ready' });
    } catch {
      res.send(503, { status: 'store unreachable' });
    }
  });

  const processWith = (logic: (context: TurnContext) => Promise<void>) => async (req: restify.Request, res: restify.Response) => {
    const parsed = activityShape.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, { error: 'Body is not a Bot Framework activity', issues: parsed.error.issues.map((i) => i.path.join('.') || i.message) });
      return;
    }
    // A reply that cannot reach the conversation's service URL fails the turn inside the adapter,
    // which would still answer 200 with nothing in it; the caller is told with a 502 instead.
    let undelivered = false;
    const tracked = async (context: TurnContext) => {
      context.onSendActivities(async (_context, _activities, next) => {
        try {
          return await next();
        } catch (e) {
          undelivered = true;
          throw e;
        }
      });
      await logic(context);
    };
    let status = 200;
    let body: unknown;
    const held = {
      header: (name: string, value: string) => res.header(name, value),
      status: (code: number) => void (status = code),
      send: (b: unknown) => void (body = b),
      end: () => undefined,
    };
    try {
      await adapter.process(req as never, held as never, tracked);
    } catch {
      if (!res.headersSent) res.send(400, { error: 'Activity could not be processed' });
      return;
    }
    if (undelivered && status < 300) {
      logger.warn('reply not delivered to the conversation');
      res.send(502, { error: 'The reply could not be delivered to the conversation; it was not sent.' });
    } else if (body === undefined) {
      res.status(status);
      res.end();
    } else {
      res.send(status, body);
    }
  };

  server.post('/api/messages', processWith((context) => bot.run(context)));

  if (opts.echo) {
    // The benchmark baseline: the same HTTP, validation and adapter path with a bare echo as the
    // bot, so the comparison measures what our handlers add.
    server.post('/bench/echo', processWith(async (context) => {
      await context.sendActivity(context.activity.text ?? '');
    }));
  }

  if (opts.board) {
    const board = opts.board;
    const serve = async (req: restify.Request, res: restify.Response) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        const out = await board({
          method: req.method,
          body: req.method === 'POST' ? (req.body as unknown) : undefined,
          contentType: req.headers['content-type'],
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          authorization: req.headers.authorization,
          remoteAddress: req.socket.remoteAddress,
        });
        res.writeHead(out.status, { 'content-type': out.type, ...out.headers });
        res.end(out.body);
      } catch (e) {
        logger.error({ err: { name: (e as Error).name } }, 'case board request failed');
        res.send(500, { error: 'The case board could not answer; try again.' });
      }
    };
    for (const path of ['/board', '/board/*', '/api/cases', '/api/cases/*']) server.get(path, serve);
    // Officers act on cases from the board as from the channel card.
    server.post('/api/cases/:id/actions', serve);
  }

  // restify answers its own errors (bad JSON 400, too large 413); keep their bodies terse.
  server.on('restifyError', (_req, _res, err, cb) => {
    err.toJSON = () => ({ error: err.message.slice(0, 200) });
    return cb();
  });

  return {
    server,
    adapter,
    bot,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const addr = server.address();
          resolve({ port: addr.port, url: `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}` });
        });
      });
    },
    async close(reason) {
      closing = true;
      await new Promise<void>((resolve) => {
        if (inFlight === 0) resolve();
        else idle = resolve;
      });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would otherwise hold the close open until they time out.
        server.server.closeIdleConnections();
      });
      await opts.onClose?.();
      await store.close();
      logger.info({ reason }, 'stopped');
    },
  };
}
