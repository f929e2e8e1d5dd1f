import { z } from 'zod';
import { calendarFor, isoDate } from './calendar.js';
import { loadPolicy, type Condition, type Policy, type Team } from './policy.js';

/** The facts a referral is routed on: the single definition, shared by chat, CLI and tests. */
export const routingFactsSchema = z
  .object({
    ageYears: z.number().int().min(2).max(25),
    yearGroup: z.number().int().min(0).max(14),
    hasEhcp: z.boolean(),
    lookedAfter: z.boolean(),
    permanentlyExcluded: z.boolean(),
    exclusionStartDate: isoDate.nullable().default(null),
    suspensionDays: z.preprocess((v) => (v === null ? 0 : v), z.number().int().min(0).max(200).default(0)),
    medicalNeeds: z.boolean(),
    onSchoolRoll: z.boolean(),
    notInFullTimeEducation: z.boolean().optional(),
    reason: z.string().max(4000).default(''),
    requested: z.string().max(1000).default(''),
  });
// A permanent exclusion without its first day still routes; it only cannot carry a deadline yet
// (the chat form asks for the date before a referral is sent).

export type RoutingFacts = z.input<typeof routingFactsSchema>;
type Facts = z.output<typeof routingFactsSchema>;

export interface FiredRule {
  rule: string;
  paragraph: string;
  why: string;
}
export interface Conflict {
  field: string;
  evidence: string;
  /** What the text says, against the ticked box. */
  statedValue: boolean;
}
export interface RouteResult {
  authority: string;
  primary: Team;
  copied: Team[];
  duties: string[];
  deadline: string | null;
  conflicts: Conflict[];
  rules: FiredRule[];
  /** The facts routed on: ticked boxes, corrected where the reason states otherwise. */
  effectiveFacts: Record<string, unknown>;
}

function sentenceAround(text: string, index: number, end: number): string {
  const before = text.slice(0, index);
  const start = Math.max(before.lastIndexOf('.'), before.lastIndexOf(';'), before.lastIndexOf('\n'), before.lastIndexOf('!'), before.lastIndexOf('?')) + 1;
  return text.slice(start, Math.min(text.length, end + 25));
}

/**
 * Definite facts the free text states against the ticked boxes. A pattern does not count when
 * the clause around it speaks of the past, a risk, a request or a negation ("previously in care",
 * "EHC needs assessment requested", "at risk of permanent exclusion").
 */
export function findConflicts(reason: string, facts: Record<string, unknown>, policy: Policy): Conflict[] {
  const out: Conflict[] = [];
  for (const c of policy.contradictions) {
    if (facts[c.field] === c.value) continue;
    if (out.some((o) => o.field === c.field)) continue;
    for (const p of c.patterns) {
      const re = new RegExp(p, 'gi');
      let m: RegExpExecArray | null;
      let found: string | undefined;
      while ((m = re.exec(reason))) {
        const clause = sentenceAround(reason, m.index, m.index + m[0].length);
        if (!c.unless.some((u) => new RegExp(u, 'i').test(clause))) {
          found = m[0].trim();
          break;
        }
        if (m[0].length === 0) re.lastIndex++;
      }
      if (found) {
        out.push({ field: c.field, evidence: found, statedValue: c.value });
        break;
      }
    }
  }
  return out;
}

function holds(cond: Condition, facts: Record<string, unknown>, primary?: Team): boolean {
  if ('always' in cond) return true;
  if ('all' in cond) return cond.all.every((c) => holds(c, facts, primary));
  if ('any' in cond) return cond.any.some((c) => holds(c, facts, primary));
  if ('not' in cond) return !holds(cond.not, facts, primary);
  if ('primaryIs' in cond) return primary === cond.primaryIs;
  return Boolean(facts[cond.fact]) === (cond.is ?? true);
}

/** Compulsory school age in England: from the term after a child turns five to the end of Year 11. */
function compulsorySchoolAge(f: Facts): boolean {
  if (f.yearGroup >= 12) return false;
  return f.ageYears >= 5 && f.ageYears <= 16;
}

/**
 * Routes a referral by an authority's policy: primary team, copied teams, duties, deadline,
 * contradictions and every rule that fired with its paragraph.
 *
 * @example
 * route({ ageYears: 14, yearGroup: 9, hasEhcp: false, lookedAfter: false, permanentlyExcluded: true,
 *         exclusionStartDate: '2026-03-06', medicalNeeds: false, onSchoolRoll: true, reason: '' })
 * // → { primary: 'Exclusions', deadline: '2026-03-13', rules: [{ rule: 'P1', paragraph: '003 §5.6', … }], … }
 */
export function route(input: RoutingFacts, opts: { authority?: string; policy?: Policy } = {}): RouteResult {
  const facts = routingFactsSchema.parse(input);
  const policy = opts.policy ?? loadPolicy(opts.authority);
  const conflicts = findConflicts(facts.reason, facts, policy);
  const effective: Record<string, unknown> = { ...facts };
  for (const c of conflicts) effective[c.field] = c.statedValue;
  for (const tf of policy.textFacts) {
    const said = tf.in.map((f) => facts[f]).join('\n');
    if (!effective[tf.fact] && tf.patterns.some((p) => new RegExp(p, 'i').test(said))) effective[tf.fact] = true;
  }
  effective.compulsorySchoolAge = compulsorySchoolAge(facts);
  // A pupil kept at home by illness is, by definition, not in full-time education.
  effective.notInFullTimeEducation = Boolean(effective.notInFullTimeEducation) || Boolean(effective.medicalNeeds);

  const rules: FiredRule[] = [];
  const p = policy.primary.find((r) => holds(r.when, effective))!;
  rules.push({ rule: p.id, paragraph: p.paragraph, why: p.why });
  const copied: Team[] = [];
  for (const c of policy.copies) {
    if (holds(c.when, effective, p.team) && !copied.includes(c.team)) {
      copied.push(c.team);
      rules.push({ rule: c.id, paragraph: c.paragraph, why: c.why });
    }
  }
  const duties: string[] = [];
  for (const d of policy.duties_rules) {
    if (holds(d.when, effective, p.team) && !duties.includes(d.duty)) {
      duties.push(d.duty);
      rules.push({ rule: d.id, paragraph: d.paragraph, why: d.why });
    }
  }
  let deadline: string | null = null;
  const start = facts.exclusionStartDate;
  const dl = policy.deadlines.find((d) => holds(d.when, effective, p.team));
  if (dl && start) {
    deadline = calendarFor(policy.termHolidays).nthSchoolDay(start, dl.schoolDay);
    rules.push({ rule: dl.id, paragraph: dl.paragraph, why: dl.why });
  }
  return { authority: policy.authority, primary: p.team, copied, duties, deadline, conflicts, rules, effectiveFacts: effective };
}
