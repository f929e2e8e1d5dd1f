import { activity, load, rssMb, startBenchServer, stop } from './bench-kit.js';

export interface BenchSection {
  title: string;
  /** Markdown lines for BENCHMARKS.md. */
  run(): Promise<string[]>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const server: BenchSection = {
  title: 'Server: cold start, memory, help turns',
  async run() {
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await startBenchServer();
      starts.push(s.readyMs);
      await stop(s);
    }
    const s = await startBenchServer();
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const idle = rssMb(s.child.pid!);
      // Warm up both paths before measuring.
      await load(`${s.url}/bench/echo`, activity('help'), 1);
      await load(`${s.url}/api/messages`, activity('help'), 1);
      const echo = await load(`${s.url}/bench/echo`, activity('help'), 5, s.child.pid);
      const bot = await load(`${s.url}/api/messages`, activity('help'), 5, s.child.pid);
      const ratio = bot.rps / echo.rps;
      const start = median(starts);
      return [
        '| measure | result | target |',
        '|---|---|---|',
        `| cold start to ready (process spawn to /readyz 200, median of 3) | ${start.toFixed(0)} ms | < 2000 ms ${start < 2000 ? '✓' : '✗'} |`,
        `| RSS idle | ${idle} MB | |`,
        `| RSS peak under load | ${bot.peakRssMb} MB | |`,
        `| bare echo bot (same server and adapter) | ${echo.rps} req/s (p99 ${echo.p99} ms, ${echo.errors} errors) | baseline |`,
        `| \`help\` turn over /api/messages | ${bot.rps} req/s (p99 ${bot.p99} ms, ${bot.errors} errors) | |`,
        `| bot / echo | ${ratio.toFixed(2)}× | ≥ 0.8× ${ratio >= 0.8 ? '✓' : '✗'} |`,
      ];
    } finally {
      await stop(s);
    }
  },
};

/** Later capabilities add their sections here. */
export const benchSections: BenchSection[] = [server];
