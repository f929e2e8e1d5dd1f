/** Shared pieces of the benchmarks: a real server in a child process, and bounded load runs on loopback. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { fromRoot } from '../common/paths.js';

export interface BenchServer {
  child: ChildProcess;
  url: string;
  readyMs: number;
}

export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ap-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, [fromRoot('dist/scripts/bench-server.js')], {
    env: { ...process.env, PORT: '0', SQLITE_PATH: join(dir, 'bench.db'), DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = buf.match(/READY (\S+)/);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    setTimeout(() => reject(new Error('bench server did not start in 30 s')), 30_000).unref();
  });
  // Ready means the store answers, not merely that the port is open.
  for (;;) {
    const r = await fetch(`${url}/readyz`).catch(() => undefined);
    if (r?.status === 200) break;
    await new Promise((res) => setTimeout(res, 5));
  }
  return { child, url, readyMs: performance.now() - started };
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

export function activity(text: string, i = 0) {
  return {
    type: 'message',
    text,
    deliveryMode: 'expectReplies',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: `bench-user-${i}`, aadObjectId: `bench-aad-${i}` },
    recipient: { id: 'bot' },
    conversation: { id: `bench-conv-${i}`, conversationType: 'personal' },
  };
}

/** Requests per second for one POST body, bounded to `seconds`. */
export async function load(url: string, body: unknown, seconds = 5, pid?: number): Promise<{ rps: number; p99: number; errors: number; peakRssMb?: number }> {
  let peak = 0;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200) : undefined;
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections: 10,
    duration: seconds,
  });
  if (sampler) clearInterval(sampler);
  return {
    rps: Math.round(result.requests.average),
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    peakRssMb: pid ? peak : undefined,
  };
}

export async function stop(server: BenchServer): Promise<void> {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
}

