import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';
import { isoDate } from './calendar.js';

export const TEAMS = ['SEND', 'VirtualSchool', 'Exclusions', 'None'] as const;
export type Team = (typeof TEAMS)[number];

/** A condition over the (effective and derived) facts, as written in a policy file. */
export type Condition =
  | { fact: string; is?: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { primaryIs: Team }
  | { always: true };

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ fact: z.string(), is: z.boolean().optional() }).strict(),
    z.object({ all: z.array(condition).min(1) }).strict(),
    z.object({ any: z.array(condition).min(1) }).strict(),
    z.object({ not: condition }).strict(),
    z.object({ primaryIs: z.enum(TEAMS) }).strict(),
    z.object({ always: z.literal(true) }).strict(),
  ]),
);

const regex = z.string().refine((s) => {
  try {
    new RegExp(s, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const rule = { id: z.string().min(1), when: condition, paragraph: z.string().min(1), why: z.string().min(1) };
const primaryRule = z.object({
  ...rule,
  team: z.enum(TEAMS),
  /** Who receives it, where the authority names a panel or provider rather than a team. */
  destination: z.string().optional(),
  /** Set where the authority's documents do not say who receives this kind of referral: whom to ask instead. */
  undefinedRoute: z.object({ ask: z.string().min(1) }).optional(),
});

export const policySchema = z.object({
  authority: z.string().min(1),
  document: z.string().min(1),
  termHolidays: z.array(z.object({ from: isoDate, to: isoDate })).default([]),
  teams: z.record(z.enum(TEAMS), z.object({ name: z.string(), paragraphs: z.string() })),
  duties: z.record(z.string(), z.string()),
  primary: z.array(primaryRule).min(1),
  copies: z.array(z.object({ ...rule, team: z.enum(TEAMS) })),
  duties_rules: z.array(z.object({ ...rule, duty: z.string() })),
  deadlines: z.array(z.object({ ...rule, schoolDay: z.number().int().min(1).max(60) })),
  /** Facts the free text can state with no box of their own; `in` says which fields are read. */
  textFacts: z.array(z.object({ fact: z.string(), patterns: z.array(regex).min(1), in: z.array(z.enum(['reason', 'requested'])).default(['reason', 'requested']) })).default([]),
  /** Duties with a date, warnings and pointers to who else acts, each from a paragraph. */
  notes: z.array(z.object({ id: z.string().min(1), when: condition, paragraph: z.string().min(1), kind: z.enum(['duty', 'warning', 'info']), text: z.string().min(1), dateFrom: z.enum(['suspensionStart']).optional(), schoolDay: z.number().int().min(1).max(60).optional() })).default([]),
  /** The authority's published term dates: holidays and closures a deadline does not count. */
  calendar: z.object({ name: z.string().min(1), source: z.string().min(1), holidays: z.array(z.object({ from: isoDate, to: isoDate, label: z.string().optional() })) }).optional(),
}).superRefine((p, ctx) => {
  for (const [i, r] of p.primary.entries()) {
    if (r.undefinedRoute && r.team !== 'None') ctx.addIssue({ code: 'custom', path: ['primary', i, 'team'], message: 'a route the documents do not define goes to no team ("None")' });
  }
  const last = p.primary.at(-1);
  if (!last || !('always' in last.when)) ctx.addIssue({ code: 'custom', path: ['primary'], message: 'the last primary rule must be { "always": true } so every referral gets a team' });
  for (const [i, d] of p.duties_rules.entries()) {
    if (!(d.duty in p.duties)) ctx.addIssue({ code: 'custom', path: ['duties_rules', i, 'duty'], message: `unknown duty ${d.duty}` });
  }
});

export type Policy = z.infer<typeof policySchema>;

export class PolicyError extends Error {}

export function parsePolicy(json: unknown, source = 'policy'): Policy {
  const r = policySchema.safeParse(json);
  if (!r.success) {
    throw new PolicyError(`${source} is not a valid routing policy: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}

const cache = new Map<string, Policy>();

/** Every policy file in routing/policies, keyed by lower-case authority; a new file needs no code. */
export function loadPolicies(dir = fromRoot('routing', 'policies')): Map<string, Policy> {
  const out = new Map<string, Policy>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const p = parsePolicy(JSON.parse(readFileSync(join(dir, f), 'utf8')), basename(f));
    out.set(p.authority.toLowerCase(), p);
  }
  return out;
}

export const DEFAULT_AUTHORITY = 'Hillingdon';

/** The authorities that have a routing policy, as their files spell them. */
export function knownAuthorities(): string[] {
  return [...loadPolicies().values()].map((p) => p.authority);
}

/**
 * The named authority's policy. An authority without one is an error: routing a referral by
 * another authority's rules, teams and deadlines would send it to the wrong place.
 */
export function loadPolicy(authority: string = DEFAULT_AUTHORITY): Policy {
  const key = authority.toLowerCase();
  const hit = cache.get(key);
  if (hit) return hit;
  const all = loadPolicies();
  const own = all.get(key);
  if (own) {
    cache.set(key, own);
    return own;
  }
  throw new PolicyError(`No routing policy for ${authority}; known: ${[...all.values()].map((x) => x.authority).join(', ')}`);
}
