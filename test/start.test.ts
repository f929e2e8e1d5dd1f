import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../common/paths.js';

/**
 * `npm start` under a process manager: the manager signals the npm process, and the server
 * must stop with it (not live on as an orphan still answering), logging that it stopped.
 */
describe('npm start', () => {
  it('stops the server within 5 s when the npm process gets SIGTERM, and logs one line saying so', async () => {
    expect(existsSync(fromRoot('dist', 'cli', 'main.js')), 'npm start runs dist/: build first (npm ci does)').toBe(true);
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: fromRoot(),
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'ap-start-')), 'start.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no "listening" line within 60 s:\n${out}`)), 60_000);
        const look = () => {
          const m = /listening on (http:\/\/\S+) /.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]!);
          }
        };
        npm.stderr.on('data', look);
        npm.stdout.on('data', look);
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      const t0 = Date.now();
      npm.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 5000))]);
      expect(code).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5000);
      // Nothing is left answering on the port.
      await expect(fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
      const stopped = out.split('\n').filter((l) => l.includes('"msg":"stopped"'));
      expect(stopped).toHaveLength(1);
      expect(JSON.parse(stopped[0]!)).toMatchObject({ level: 30, reason: 'SIGTERM', msg: 'stopped' });
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  }, 90_000);
});
