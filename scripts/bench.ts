/**
 * `npm run bench`: measures the running bot and writes BENCHMARKS.md with the machine and date.
 * Every load run is bounded in time and only targets loopback.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fromRoot } from '../common/paths.js';
import { benchSections } from './bench-sections.js';

async function main() {
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
  const lines: string[] = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` on ${date}: ${machine}. Load runs use autocannon on loopback, 10 connections, bounded in time; the baseline is a bare echo bot mounted on the same restify server, behind the same validation and Bot Framework adapter, so the ratio shows what AP Assist's own handlers cost.`,
    '',
  ];
  const only = process.argv[2];
  for (const section of benchSections.filter((x) => !only || x.title.toLowerCase().includes(only.toLowerCase()))) {
    process.stderr.write(`bench: ${section.title}\n`);
    lines.push(`## ${section.title}`, '', ...(await section.run()), '');
  }
  writeFileSync(fromRoot('BENCHMARKS.md'), lines.join('\n'));
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
