#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { askUsage, runAsk } from './ask.js';
import { ingestUsage, runIngest } from './ingest.js';
import { routeUsage, runRoute } from './route.js';
import { ConfigError, loadConfig, processEnv, type Config } from '../config/config.js';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

type Command = { summary: string; usage: string; run(argv: string[], io: Io, config: () => Config): Promise<number> };

const commands: Record<string, Command> = {
  ask: {
    summary: 'answer a guidance question from the LA documents, with citations',
    usage: askUsage,
    async run(argv, io, config) {
      const { buildAnswerer } = await import('../knowledge/build.js');
      const { createLogger } = await import('../common/logger.js');
      return runAsk(argv, io, () => {
        const c = config();
        // Why a model's answer was not used goes to stderr, like the server's log; stdout keeps the answers.
        return buildAnswerer({ homeAuthority: c.homeAuthority, llm: c.llm, log: createLogger(c.logLevel, { write: (l) => io.stderr.write(l) }) });
      });
    },
  },
  ingest: {
    summary: 'add a document to the corpus and write the questions its passages answer (with a model configured)',
    usage: ingestUsage,
    async run(argv, io, config) {
      const { modelFrom } = await import('../knowledge/build.js');
      return runIngest(argv, io, { llm: () => config().llm, model: () => modelFrom(config().llm) });
    },
  },
  route: {
    summary: 'route a referral to the right LA team, with its deadline and reasons',
    usage: routeUsage,
    async run(argv, io, config) {
      return runRoute(argv, io, { authority: config().homeAuthority });
    },
  },
  serve: {
    summary: 'start the bot server (what npm start runs)',
    usage: 'ap-assist serve [--port N]\n\nStarts the bot on the configured port. Settings come from the environment and .env (see README).',
    async run(argv, io, config) {
      const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } }, strict: true });
      const cfg = config();
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
        io.stderr.write(`--port: expected a port number, got ${values.port}\n`);
        return 2;
      }
      const { startBot } = await import('../bot/main.js');
      const { app, url } = await startBot(cfg, { port });
      io.stderr.write(`AP Assist is listening on ${url} (POST /api/messages). Ctrl+C to stop.\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          // A process manager kills after its own grace period (often 5-10 s): requests still in
          // flight after 4 s are cut off so that the stop is ours, logged, rather than a SIGKILL.
          const deadline = setTimeout(() => {
            io.stderr.write(`AP Assist stopped on ${signal} with requests still in flight.\n`);
            process.exit(1);
          }, 4000);
          deadline.unref();
          const done = () => {
            clearTimeout(deadline);
            resolve();
          };
          void app.close(signal).then(done, done);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
      return 0;
    },
  },
  purge: {
    summary: 'delete expired referral drafts and reduce closed cases past their retention',
    usage:
      'ap-assist purge\n\nDeletes referral drafts not changed for DRAFT_RETENTION_DAYS and reduces cases closed more than\nCLOSED_CASE_RETENTION_DAYS ago to what reports count. The server also does this once a day.',
    async run(argv, io, config) {
      parseArgs({ args: argv, options: {}, strict: true });
      const cfg = config();
      const { Store } = await import('../store/store.js');
      const { purge } = await import('../cases/retention.js');
      const { systemClock } = await import('../common/clock.js');
      const store = await Store.open(cfg.store);
      try {
        const r = await purge(store.db, systemClock, cfg.retention);
        io.stdout.write(`Deleted ${r.draftsDeleted} expired draft(s); reduced ${r.casesReduced} closed case(s) to what reports count.\n`);
      } finally {
        await store.close();
      }
      return 0;
    },
  },
  migrate: {
    summary: 'bring the database schema up to date',
    usage: 'ap-assist migrate\n\nRuns every pending migration against the configured store (SQLite file or DATABASE_URL).',
    async run(argv, io, config) {
      parseArgs({ args: argv, options: {}, strict: true });
      const cfg = config();
      const { openDatabase, migrateToLatest } = await import('../store/db.js');
      const db = openDatabase(cfg.store);
      try {
        const applied = await migrateToLatest(db, cfg.store.kind === 'postgres' ? cfg.store.schema : undefined);
        io.stdout.write(applied.length ? `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}\n`).join('')}` : 'Database is up to date.\n');
      } finally {
        await db.destroy();
      }
      return 0;
    },
  },
};

function mainUsage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return `Usage: ap-assist <command> [options]\n\nCommands:\n${Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join('\n')}\n\nRun ap-assist <command> --help for a command's options.\n`;
}

/** Runs one CLI invocation; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], io: Io, env: Record<string, string | undefined> = processEnv()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainUsage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`Unknown command: ${name}\n\n${mainUsage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage + '\n');
    return 0;
  }
  let config: Config | undefined;
  const getConfig = () => (config ??= loadConfig(env));
  try {
    return await command.run(rest, io, getConfig);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr.write(e.message + '\n');
      return 78;
    }
    const code = (e as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${(e as Error).message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`ap-assist ${name}: ${(e as Error).message}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${await import('node:fs').then((fs) => fs.realpathSync(process.argv[1]!))}`).href;
if (invokedDirectly) {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  process.exitCode = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}
