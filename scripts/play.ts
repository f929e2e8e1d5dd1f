/**
 * `npm run play`: the bot and the Microsoft 365 Agents Playground (a local Teams-like client)
 * pointed at it, so anyone can try AP Assist in a browser without a Teams tenant.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadConfig } from '../config/config.js';
import { startBot } from '../bot/main.js';

export async function startPlayground(opts: { port: number; playgroundPort: number; env?: Record<string, string | undefined> }) {
  const config = loadConfig({ ...(opts.env ?? process.env), PORT: String(opts.port) });
  const { app, url } = await startBot(config);
  const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(
    process.execPath,
    [cli, '-e', `${url}/api/messages`, '-c', 'msteams', '-p', String(opts.playgroundPort), '--dt'],
    { env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const playgroundUrl = `http://localhost:${opts.playgroundPort}`;
  // Ready once its web client answers.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(playgroundUrl).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await app.close();
      throw new Error('The Agents Playground did not start');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    botUrl: url,
    playgroundUrl,
    async close() {
      child.kill('SIGTERM');
      await app.close();
    },
  };
}

if (process.argv[1]?.endsWith('play.js')) {
  const play = await startPlayground({ port: Number(process.env.PORT ?? 3978), playgroundPort: Number(process.env.PLAYGROUND_PORT ?? 56150) });
  process.stdout.write(`\nAP Assist is running at ${play.botUrl}.\nOpen ${play.playgroundUrl} in a browser to chat with it (say "help"). Ctrl+C to stop.\n`);
  const stop = () => void play.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
