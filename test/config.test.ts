import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConfigError, SETTING_NAMES, loadConfig, loadPackageSettings } from '../config/config.js';
import { fromRoot } from '../common/paths.js';

const load = (env: Record<string, string>) => loadConfig(env, { envFile: null });

describe('configuration', () => {
  it('runs on embedded defaults with nothing set: local mode on loopback, SQLite, no model', () => {
    const c = load({});
    expect(c).toMatchObject({ port: 3978, host: '127.0.0.1', store: { kind: 'sqlite' }, llm: { provider: 'none' }, credentials: { kind: 'none' }, homeAuthority: 'Hillingdon' });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ MicrosoftAppId: 'abc' }, /MicrosoftAppPassword/],
    [{ MicrosoftAppPassword: 'secret' }, /MicrosoftAppId/],
    [{ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' }, /MicrosoftAppTenantId/],
    [{ AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com' }, /AZURE_OPENAI_API_KEY/],
    [{ HOST: '0.0.0.0' }, /HOST.*local mode/],
    [{ HOME_AUTHORITY: 'Hilingdon' }, /HOME_AUTHORITY.*Bury.*Hillingdon/],
    [{ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://models.council.example/v1' }, /OPENAI_BASE_URL.*https/],
    [{ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'ftp://127.0.0.1/v1' }, /OPENAI_BASE_URL/],
    [{ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'not a url' }, /OPENAI_BASE_URL/],
    [{ OPENAI_BASE_URL: 'https://models.council.example/v1' }, /OPENAI_API_KEY/],
    [{ AZURE_OPENAI_ENDPOINT: 'http://x.openai.azure.com', AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_DEPLOYMENT: 'd' }, /AZURE_OPENAI_ENDPOINT.*https/],
  ])('stops start-up naming the bad setting: %o', (env, pattern) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(pattern);
  });

  it('takes TEST_ONLY_CLOCK_START only as an exact instant, and only in local mode', () => {
    expect(load({}).testOnlyClockStart).toBeUndefined();
    expect(load({ TEST_ONLY_CLOCK_START: '2026-11-30T09:00:00Z' }).testOnlyClockStart).toBe('2026-11-30T09:00:00Z');
    expect(() => load({ TEST_ONLY_CLOCK_START: '30/11/2026' })).toThrow(/TEST_ONLY_CLOCK_START/);
    expect(() => load({ TEST_ONLY_CLOCK_START: '2026-11-30' })).toThrow(/TEST_ONLY_CLOCK_START/);
    // With bot credentials (a real deployment) it stops start-up rather than move the dates.
    expect(() => load({ TEST_ONLY_CLOCK_START: '2026-11-30T09:00:00Z', MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' })).toThrow(/TEST_ONLY_CLOCK_START.*local mode/);
  });

  it('a clock from TEST_ONLY_CLOCK_START starts at that instant and runs on at the real pace', async () => {
    const { clockStartingAt } = await import('../common/clock.js');
    const clock = clockStartingAt('2026-11-30T09:00:00Z');
    const first = clock.now().getTime();
    expect(first - Date.parse('2026-11-30T09:00:00Z')).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 30));
    expect(clock.now().getTime()).toBeGreaterThan(first);
  });

  it('never echoes a secret in its error', () => {
    try {
      load({ MicrosoftAppPassword: 'hunter2-very-secret' });
      expect.unreachable();
    } catch (e) {
      expect(String(e)).not.toContain('hunter2');
    }
  });

  it('uses PostgreSQL when DATABASE_URL is set, and listens on all interfaces once credentials are set', () => {
    const c = load({ DATABASE_URL: 'postgres://u@db:5432/ap', MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' });
    expect(c.store).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/ap', schema: undefined });
    expect(c.host).toBe('0.0.0.0');
    expect(c.credentials.kind).toBe('password');
  });

  it('builds the Teams app package from the app id and public address alone, without the bot secret', () => {
    const env = { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', PUBLIC_URL: 'https://ap.example.org' };
    // The server itself refuses to start without a credential...
    expect(() => load(env)).toThrow(/MicrosoftAppPassword/);
    // ...but packaging a manifest reads only these two.
    expect(loadPackageSettings(env, { envFile: null })).toEqual({ appId: env.MicrosoftAppId, publicUrl: env.PUBLIC_URL });
    expect(() => loadPackageSettings({ ...env, PUBLIC_URL: 'not a url' }, { envFile: null })).toThrow(/PUBLIC_URL/);
  });

  it('reads a .env file, with the real environment taking precedence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'PORT=4000\nHOME_AUTHORITY=Bury\nOPENAI_API_KEY=sk-test\n');
    const c = loadConfig({ PORT: '5000' }, { envFile: file });
    expect(c.port).toBe(5000);
    expect(c.homeAuthority).toBe('Bury');
    expect(load({ HOME_AUTHORITY: 'bcp' }).homeAuthority).toBe('BCP');
    expect(c.llm).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
  });

  it.each(['https://models.council.example/v1', 'http://127.0.0.1:8080/v1', 'http://localhost:11434/v1', 'http://[::1]:9000/v1'])(
    'takes OPENAI_BASE_URL from .env: %s',
    (url) => {
      const dir = mkdtempSync(join(tmpdir(), 'env-'));
      const file = join(dir, '.env');
      writeFileSync(file, `OPENAI_API_KEY=sk-test\nOPENAI_BASE_URL=${url}\n`);
      expect(loadConfig({}, { envFile: file }).llm).toMatchObject({ provider: 'openai', baseUrl: url });
    },
  );
});

describe('documentation of settings', () => {
  it('.env.example and the README list every setting the bot reads', () => {
    const example = readFileSync(fromRoot('.env.example'), 'utf8');
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    for (const name of SETTING_NAMES) {
      expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(readme, name).toContain('`' + name + '`');
    }
  });
});
