import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { MAX_QUESTION_CHARS, questionTooLong } from '../common/text.js';
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

  it('refuses a question longer than chat accepts, in the same words, as an argument or a JSON line', async () => {
    const long = 'x'.repeat(MAX_QUESTION_CHARS + 1);
    const m = memoryIo();
    expect(await main(['ask', long], m.io, {})).toBe(2);
    expect(m.err()).toBe(`ask: ${questionTooLong(long.length)}\n`);
    expect(m.err()).toMatch(/4,001 characters long; I can read up to 4,000/);
    const lines = memoryIo(JSON.stringify({ id: 'q1', question: long }) + '\n');
    expect(await main(['ask', '--jsonl'], lines.io, {})).toBe(0);
    expect(JSON.parse(lines.out())).toEqual({ id: 'q1', error: expect.stringContaining(questionTooLong(long.length)) });
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
