import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';
import { knownAuthorities } from '../routing/policy.js';
import type { StoreLocation } from '../store/db.js';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));
const bool = (def: boolean) =>
  z.preprocess(
    emptyToUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(def ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/**
 * A model server's address: https, or plain http only on this machine (a model served locally),
 * because the passages and questions it receives must not cross a network in clear text.
 */
const modelUrl = z.preprocess(
  emptyToUndefined,
  z
    .url({ protocol: /^https?$/ })
    .refine((u) => {
      // Runs after a failed URL check too: an unparsable value is that check's to report.
      if (!URL.canParse(u)) return true;
      const url = new URL(u);
      return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
    }, 'must be https (plain http only for a server on this machine: localhost, 127.0.0.1 or [::1])')
    .optional(),
);

/** Every setting the bot reads, with its default. `.env.example` mirrors this list. */
const envSchema = z.object({
  PORT: int(3978, 0, 65535),
  HOST: optionalString,
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  MAX_BODY_BYTES: int(262_144, 1024, 10_485_760),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATABASE_SCHEMA: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z_][a-z0-9_]*$/, 'lower-case letters, digits and _ only').optional()),
  SQLITE_PATH: z.preprocess(emptyToUndefined, z.string().default('data/ap-assist.db')),
  // One of the authorities held (a routing policy in routing/policies), spelt as its file spells it.
  HOME_AUTHORITY: z.preprocess(emptyToUndefined, z.string().default('Hillingdon')).transform((v, ctx) => {
    const known = knownAuthorities();
    const hit = known.find((a) => a.toLowerCase() === v.trim().toLowerCase());
    if (!hit) ctx.addIssue({ code: 'custom', message: `no authority "${v}" is held; choose one of ${known.join(', ')}` });
    return hit ?? v;
  }),
  OFFICER_AAD_IDS: optionalString,
  LA_ADMIN_AAD_IDS: optionalString,
  LA_TENANT_ID: optionalString,
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.preprocess(
    emptyToUndefined,
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  ),
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppCertificateThumbprint: optionalString,
  MicrosoftAppCertificatePrivateKey: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-4o-mini')),
  OPENAI_BASE_URL: modelUrl,
  AZURE_OPENAI_ENDPOINT: modelUrl,
  AZURE_OPENAI_API_KEY: optionalString,
  AZURE_OPENAI_DEPLOYMENT: optionalString,
  AZURE_OPENAI_API_VERSION: z.preprocess(emptyToUndefined, z.string().default('2024-10-21')),
  LLM_TIMEOUT_MS: int(8000, 500, 12_000),
  ANSWER_CACHE_SIZE: int(500, 0, 100_000),
  ANSWER_CACHE_MINUTES: int(60, 1, 10_080),
  OUTBOX_POLL_MS: int(2000, 50, 600_000),
  OUTBOX_LEASE_MS: int(15_000, 1000, 600_000),
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  DRAFT_RETENTION_DAYS: int(30, 1, 3650),
  CLOSED_CASE_RETENTION_DAYS: int(365, 1, 36_500),
  DATA_CONTROLLER: optionalString,
  // For end-to-end tests only: the bot's clock starts at this instant instead of now. Refused with
  // bot credentials (see loadConfig), and logged at start-up, so it cannot quietly move production's dates.
  TEST_ONLY_CLOCK_START: z.preprocess(emptyToUndefined, z.iso.datetime({ offset: true }).optional()),
});

export type Env = z.input<typeof envSchema>;

/** The names of every setting, for `.env.example` and the README to be checked against. */
export const SETTING_NAMES: readonly string[] = Object.keys(envSchema.shape);

export type BotCredentials =
  | { kind: 'none' }
  | {
      kind: 'password' | 'certificate' | 'managedIdentity';
      appId: string;
      appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
      tenantId?: string;
      password?: string;
      certificateThumbprint?: string;
      certificatePrivateKey?: string;
    };

export type LlmSettings =
  | { provider: 'none' }
  | { provider: 'openai'; apiKey: string; model: string; baseUrl?: string; timeoutMs: number }
  | {
      provider: 'azure';
      endpoint: string;
      apiKey: string;
      deployment: string;
      apiVersion: string;
      timeoutMs: number;
    };

export interface Config {
  port: number;
  /** 127.0.0.1 in local mode (no credentials); all interfaces when credentials are set. */
  host: string;
  logLevel: string;
  maxBodyBytes: number;
  store: StoreLocation;
  homeAuthority: string;
  /** Entra object ids allowed to act on cases in addition to linked-channel members. */
  officerAadIds: string[];
  /** Entra object ids who may link and unlink LA teams' channels (as may officers). */
  laAdminAadIds: string[];
  /** The LA's tenant: channel links only from it (LA_TENANT_ID, else MicrosoftAppTenantId). */
  laTenantId?: string;
  credentials: BotCredentials;
  llm: LlmSettings;
  outboxPollMs: number;
  /** How long a dead instance's claimed case messages wait before another instance sends them. */
  outboxLeaseMs: number;
  /** Recent answers kept for repeated questions; 0 answers every question afresh. */
  answerCacheSize: number;
  /** How long a kept answer is reused before it is worked out again. */
  answerCacheMs: number;
  publicUrl?: string;
  /** How long pupil data is kept: unsent drafts, and closed cases before they are reduced. */
  retention: { draftDays: number; closedCaseDays: number };
  /** The data controller named on the privacy page: the local authority. */
  dataController: string;
  /** Tests only, local mode only: the instant the bot's clock starts at (ISO), instead of now. */
  testOnlyClockStart?: string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** The process environment; the one place outside tests and scripts that touches it. */
export function processEnv(): Record<string, string | undefined> {
  return process.env;
}

/** The environment over `.env` (the environment wins), parsed by `schema`; ConfigError names each bad setting. */
function parseSettings<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, opts: { envFile?: string | null }): z.output<S> {
  const file = opts.envFile === undefined ? fromRoot('.env') : opts.envFile;
  const fromFile = file && existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  const parsed = schema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  return parsed.data;
}

/**
 * What the Teams app package is built from: the bot's app id and public address. Packaging a
 * manifest never needs the bot's secret, so only these two settings are read.
 */
export function loadPackageSettings(env: Record<string, string | undefined>, opts: { envFile?: string | null } = {}): { appId?: string; publicUrl?: string } {
  const e = parseSettings(envSchema.pick({ MicrosoftAppId: true, PUBLIC_URL: true }), env, opts);
  return { appId: e.MicrosoftAppId, publicUrl: e.PUBLIC_URL };
}

/**
 * Parses settings once, at start-up. `.env` values fill in what the environment leaves unset.
 *
 * @example
 * const config = loadConfig(process.env); // throws ConfigError naming each bad setting
 */
export function loadConfig(env: Record<string, string | undefined>, opts: { envFile?: string | null } = {}): Config {
  const e = parseSettings(envSchema, env, opts);
  const problems: string[] = [];

  let credentials: BotCredentials = { kind: 'none' };
  if (e.MicrosoftAppId) {
    const kind = e.MicrosoftAppType === 'UserAssignedMSI'
      ? 'managedIdentity'
      : e.MicrosoftAppCertificateThumbprint
        ? 'certificate'
        : 'password';
    if (kind === 'password' && !e.MicrosoftAppPassword) {
      problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set (or set a certificate, or MicrosoftAppType=UserAssignedMSI)');
    }
    if (kind === 'certificate' && !e.MicrosoftAppCertificatePrivateKey) {
      problems.push('MicrosoftAppCertificatePrivateKey: required with MicrosoftAppCertificateThumbprint');
    }
    if (e.MicrosoftAppType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
      problems.push(`MicrosoftAppTenantId: required when MicrosoftAppType is ${e.MicrosoftAppType}`);
    }
    credentials = {
      kind,
      appId: e.MicrosoftAppId,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      password: e.MicrosoftAppPassword,
      certificateThumbprint: e.MicrosoftAppCertificateThumbprint,
      certificatePrivateKey: e.MicrosoftAppCertificatePrivateKey,
    };
  } else if (e.MicrosoftAppPassword || e.MicrosoftAppTenantId) {
    problems.push('MicrosoftAppId: required when MicrosoftAppPassword or MicrosoftAppTenantId is set');
  }

  let llm: LlmSettings = { provider: 'none' };
  if (e.AZURE_OPENAI_ENDPOINT || e.AZURE_OPENAI_API_KEY || e.AZURE_OPENAI_DEPLOYMENT) {
    for (const k of ['AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_DEPLOYMENT'] as const) {
      if (!e[k]) problems.push(`${k}: required when any AZURE_OPENAI_* setting is set`);
    }
    llm = {
      provider: 'azure',
      endpoint: e.AZURE_OPENAI_ENDPOINT ?? '',
      apiKey: e.AZURE_OPENAI_API_KEY ?? '',
      deployment: e.AZURE_OPENAI_DEPLOYMENT ?? '',
      apiVersion: e.AZURE_OPENAI_API_VERSION,
      timeoutMs: e.LLM_TIMEOUT_MS,
    };
  } else if (e.OPENAI_API_KEY) {
    llm = { provider: 'openai', apiKey: e.OPENAI_API_KEY, model: e.OPENAI_MODEL, baseUrl: e.OPENAI_BASE_URL, timeoutMs: e.LLM_TIMEOUT_MS };
  }
  if (e.OPENAI_BASE_URL && llm.provider === 'azure') problems.push('OPENAI_BASE_URL: set either OPENAI_BASE_URL (with OPENAI_API_KEY) or the AZURE_OPENAI_* settings, not both');
  if (e.OPENAI_BASE_URL && llm.provider === 'none') problems.push('OPENAI_API_KEY: required when OPENAI_BASE_URL is set (any non-empty value for a server that needs no key)');

  const loopback = ['127.0.0.1', 'localhost', '::1'];
  if (credentials.kind === 'none' && e.HOST && !loopback.includes(e.HOST)) {
    problems.push(`HOST: without bot credentials (MicrosoftAppId) the bot runs in local mode and only listens on loopback; got ${e.HOST}`);
  }

  if (e.TEST_ONLY_CLOCK_START && credentials.kind !== 'none') {
    problems.push('TEST_ONLY_CLOCK_START: only for tests in local mode; unset it wherever MicrosoftAppId is set');
  }

  if (problems.length) throw new ConfigError(problems);

  return {
    port: e.PORT,
    host: e.HOST ?? (credentials.kind === 'none' ? '127.0.0.1' : '0.0.0.0'),
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    store: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA } : { kind: 'sqlite', path: e.SQLITE_PATH },
    homeAuthority: e.HOME_AUTHORITY,
    officerAadIds: (e.OFFICER_AAD_IDS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    laAdminAadIds: (e.LA_ADMIN_AAD_IDS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    laTenantId: e.LA_TENANT_ID ?? e.MicrosoftAppTenantId,
    credentials,
    llm,
    outboxPollMs: e.OUTBOX_POLL_MS,
    outboxLeaseMs: e.OUTBOX_LEASE_MS,
    answerCacheSize: e.ANSWER_CACHE_SIZE,
    answerCacheMs: e.ANSWER_CACHE_MINUTES * 60_000,
    publicUrl: e.PUBLIC_URL,
    retention: { draftDays: e.DRAFT_RETENTION_DAYS, closedCaseDays: e.CLOSED_CASE_RETENTION_DAYS },
    dataController: e.DATA_CONTROLLER ?? controllerOf(e.HOME_AUTHORITY),
    testOnlyClockStart: e.TEST_ONLY_CLOCK_START,
  };
}

/** The home authority's full name from the corpus list ("London Borough of Hillingdon"). */
function controllerOf(authority: string): string {
  try {
    const list = JSON.parse(readFileSync(fromRoot('knowledge', 'corpus', 'authorities.json'), 'utf8')) as Array<{ authority: string; authorityFull?: string }>;
    return list.find((x) => x.authority === authority)?.authorityFull ?? `${authority} Council`;
  } catch {
    return `${authority} Council`;
  }
}
