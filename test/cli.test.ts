import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { memoryIo } from './helpers/io.js';

describe('ap-assist CLI', () => {
  it('lists its commands on --help', async () => {
    const m = memoryIo();
    expect(await main(['--help'], m.io, {})).toBe(0);
    expect(m.out()).toMatch(/serve/);
    expect(m.out()).toMatch(/migrate/);
  });

  it('explains each subcommand on --help', async () => {
    for (const cmd of ['serve', 'migrate']) {
      const m = memoryIo();
      expect(await main([cmd, '--help'], m.io, {})).toBe(0);
      expect(m.out()).toContain(`ap-assist ${cmd}`);
    }
  });

  it('rejects an unknown command or option on stderr with a non-zero exit', async () => {
    const m = memoryIo();
    expect(await main(['frobnicate'], m.io, {})).not.toBe(0);
    expect(m.err()).toMatch(/Unknown command: frobnicate/);
    const m2 = memoryIo();
    expect(await main(['migrate', '--nope'], m2.io, {})).not.toBe(0);
    expect(m2.err()).toMatch(/nope/);
    expect(m2.out()).toBe('');
  });

  it('names the bad setting when configuration is wrong', async () => {
    const m = memoryIo();
    expect(await main(['migrate'], m.io, { PORT: 'abc' })).not.toBe(0);
    expect(m.err()).toMatch(/PORT/);
  });

  it('migrates a new SQLite database, then reports it up to date', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cli-')), 'x.db');
    const first = memoryIo();
    expect(await main(['migrate'], first.io, { SQLITE_PATH: path })).toBe(0);
    expect(first.out()).toMatch(/Applied \d+ migration/);
    const second = memoryIo();
    expect(await main(['migrate'], second.io, { SQLITE_PATH: path })).toBe(0);
    expect(second.out()).toMatch(/up to date/);
  });
});
