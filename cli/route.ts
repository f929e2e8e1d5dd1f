import { parseArgs } from 'node:util';
import { z } from 'zod';
import { route, routingFactsSchema, type RouteResult } from '../routing/engine.js';
import { normaliseFactNames } from '../routing/input.js';
import { loadPolicy } from '../routing/policy.js';
import { citeParagraphs, reasonsOf, reasonText } from '../routing/explain.js';
import { longDate } from '../common/dates.js';
import { FACT_WORDS } from '../cards/wording.js';
import type { Io } from './main.js';
import { parseJson, processJsonl, readAll } from './jsonl.js';

type JsonSchema = {
  type?: string;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxItems?: number;
  description?: string;
};

function typeOf(f: JsonSchema): string {
  if (f.anyOf) return f.anyOf.map(typeOf).join(' or ');
  if (f.enum) return `one of ${f.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (f.type === 'string' && f.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'date YYYY-MM-DD';
  if (f.type === 'string' && f.pattern) return `text matching /${f.pattern}/`;
  if (f.type === 'string') return f.maxLength === undefined ? 'text' : `text, up to ${f.maxLength} characters`;
  if (f.type === 'integer' || f.type === 'number') {
    const range = f.minimum !== undefined && f.maximum !== undefined ? ` ${f.minimum} to ${f.maximum}` : '';
    return `${f.type === 'integer' ? 'whole number' : 'number'}${range}`;
  }
  if (f.type === 'boolean') return 'true or false';
  if (f.type === 'array') return `list${f.maxItems === undefined ? '' : ` of up to ${f.maxItems}`} of ${f.items ? typeOf(f.items) : 'values'}`;
  if (f.type === 'object' && f.properties) {
    const need = new Set(f.required ?? []);
    return `{${Object.entries(f.properties).map(([k, v]) => `"${k}"${need.has(k) ? '' : '?'}: ${typeOf(v)}`).join(', ')}}`;
  }
  return f.type ?? 'any';
}

/**
 * The referral's fields for `route --help`, read from the schema the router validates with, so
 * the help cannot drift from what is accepted.
 */
export function routeFieldHelp(): string {
  const schema = z.toJSONSchema(routingFactsSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  const rows: Array<[string, string]> = [['id', 'any JSON value, optional: echoed back with the result (--jsonl)']];
  for (const [name, f] of Object.entries(schema.properties ?? {})) {
    const need = required.has(name) ? 'required' : f.default === undefined ? 'optional' : `optional, default ${JSON.stringify(f.default)}`;
    rows.push([name, `${typeOf(f)}; ${need}${f.description ? ` (${f.description})` : ''}`]);
  }
  const width = Math.max(...rows.map(([n]) => n.length));
  return rows.map(([n, d]) => `  ${n.padEnd(width)}  ${d}`).join('\n');
}

export const routeUsage = `ap-assist route [--jsonl] [--input JSON] [--authority NAME]

Routes a referral by the authority's policy (default: HOME_AUTHORITY, else Hillingdon).
  --jsonl            one JSON object per line on stdin, one result per line on stdout
  --input JSON       the referral as JSON (otherwise read from stdin)
  --authority NAME   the authority whose policy to use

Fields of the JSON object ("?" marks an optional part; snake_case names such as year_group are accepted too):
${routeFieldHelp()}

Example:
  echo '{"ageYears":14,"yearGroup":9,"hasEhcp":false,"lookedAfter":true,"permanentlyExcluded":true,"exclusionStartDate":"2026-03-02","medicalNeeds":false,"onSchoolRoll":false}' | ap-assist route`;

function explainError(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
}

function routeObject(obj: Record<string, unknown>, authority?: string): { id: unknown; result: RouteResult } {
  const { id = null, ...rest } = normaliseFactNames(obj);
  const facts = routingFactsSchema.safeParse(rest);
  if (!facts.success) throw new Error(explainError(facts.error));
  return { id, result: route(facts.data, { authority }) };
}

const NOTE_LABEL = { duty: 'Duty', warning: 'Warning', info: 'Note' } as const;

/** Where a deadline's school days came from, or that the school's holidays were not counted. */
export function calendarLine(r: RouteResult): string | null {
  if (!r.calendar) return null;
  return r.calendar.holidaysCounted
    ? `Counted on: ${r.calendar.name}${r.calendar.source && r.calendar.source !== 'referral' ? ` (${r.calendar.source})` : ''}`
    : 'Counted on: weekdays less England and Wales bank holidays; the school\'s own holidays were not counted (no term dates known)';
}

/** The routing explained for a person: rules in words with the guidance paragraph, no rule codes. */
export function describeRoute(r: RouteResult): string {
  const policy = loadPolicy(r.authority);
  const teamName = (t: string) => policy.teams[t as keyof typeof policy.teams]?.name ?? t;
  const reasons = reasonsOf(r);
  const said = (kind: string) => reasons.filter((x) => x.kind === kind).map((x) => `  ${reasonText(x)}`);
  const primary = reasons[0]!;
  const lines = [
    `Authority: ${policy.authority} (${policy.document.replace(/\s*\(\d{3}\)/, '')})`,
    r.routeDefined === false ? `Primary team: not defined in ${policy.authority}'s documents (${primary.source}); ask ${r.ask}` : `Primary team: ${r.destination}`,
    ...said('primary'),
    `Copied in: ${r.copied.length ? r.copied.map(teamName).join(', ') : 'none'}`,
    ...said('copy'),
    `Duties for the referrer: ${r.duties.length || r.notes.some((n) => n.kind === 'duty') ? '' : 'none'}`,
    ...r.duties.map((d, i) => `  - ${policy.duties[d] ?? d} (${reasons.filter((x) => x.kind === 'duty')[i]?.source ?? ''})`),
    ...r.notes.filter((n) => n.kind === 'duty').map((n) => `  - ${n.text}${n.date ? ` Due from ${longDate(n.date)}.` : ''} (${citeParagraphs(n.paragraph)})`),
    `Provision deadline: ${r.deadline ? longDate(r.deadline) : 'none (only permanent exclusions carry one)'}`,
    ...said('deadline'),
  ];
  const cal = calendarLine(r);
  if (cal) lines.push(`  ${cal}`);
  for (const n of r.notes.filter((x) => x.kind !== 'duty')) lines.push(`${NOTE_LABEL[n.kind]}: ${n.text} (${citeParagraphs(n.paragraph)})`);
  if (r.conflicts.length) {
    lines.push('Contradictions to confirm with the referrer (routed on what the text says):');
    for (const c of r.conflicts) lines.push(`  - "${FACT_WORDS[c.field] ?? c.field}" is answered ${c.statedValue ? 'no' : 'yes'}, but the reason says "${c.evidence}"`);
  }
  return lines.join('\n') + '\n';
}

export async function runRoute(argv: string[], io: Io, opts: { authority?: string } = {}): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { jsonl: { type: 'boolean' }, input: { type: 'string' }, authority: { type: 'string' } },
    strict: true,
  });
  const authority = values.authority ?? opts.authority;
  try {
    // An authority named on the command line must have its own policy; fail before reading input.
    loadPolicy(authority);
  } catch (e) {
    io.stderr.write(`route: ${(e as Error).message}\n`);
    return 2;
  }
  if (values.jsonl) {
    await processJsonl(io.stdin, io.stdout, (obj) => {
      const { id, result } = routeObject(obj, authority);
      return {
        id,
        primary: result.primary,
        ...(result.routeDefined ? {} : { routeDefined: false, ask: result.ask }),
        copied: result.copied,
        duties: result.duties,
        deadline: result.deadline,
        conflicts: result.conflicts.map(({ field, evidence }) => ({ field, evidence })),
        notes: result.notes.map(({ id, kind, paragraph, date }) => ({ id, kind, paragraph, ...(date ? { date } : {}) })),
        calendar: result.calendar ? { name: result.calendar.name, holidaysCounted: result.calendar.holidaysCounted } : null,
        rules: result.rules.map(({ rule, paragraph }) => ({ rule, paragraph })),
      };
    });
    return 0;
  }
  const raw = values.input ?? (await readAll(io.stdin));
  if (!raw.trim()) {
    io.stderr.write('route: no referral given: pipe a JSON object in, or use --input (see route --help)\n');
    return 2;
  }
  const parsed = parseJson(raw);
  if (!parsed.ok) {
    io.stderr.write(`route: the referral is ${parsed.error}\n`);
    return 2;
  }
  const obj = parsed.value;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    io.stderr.write('route: the referral must be a JSON object\n');
    return 2;
  }
  try {
    io.stdout.write(describeRoute(routeObject(obj as Record<string, unknown>, authority).result));
    return 0;
  } catch (e) {
    io.stderr.write(`route: ${(e as Error).message}\n`);
    return 2;
  }
}
