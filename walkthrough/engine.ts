import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';

export type When = { answer: string; in: string[] } | { all: When[] } | { any: When[] } | { not: When } | { always: true };
const when: z.ZodType<When> = z.lazy(() =>
  z.union([
    z.object({ answer: z.string(), in: z.array(z.string()).min(1) }).strict(),
    z.object({ all: z.array(when).min(1) }).strict(),
    z.object({ any: z.array(when).min(1) }).strict(),
    z.object({ not: when }).strict(),
    z.object({ always: z.literal(true) }).strict(),
  ]),
);

const question = z.object({
  id: z.string(),
  label: z.string(),
  type: z.enum(['choice', 'text', 'number']),
  options: z.array(z.tuple([z.string(), z.string()])).optional(),
  optional: z.boolean().optional(),
  maxLength: z.number().int().optional(),
  pattern: z.string().optional(),
  patternMessage: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
const definitionSchema = z.object({
  authority: z.string(),
  title: z.string(),
  steps: z.array(z.object({ id: z.string(), phase: z.string(), title: z.string(), intro: z.string().optional(), questions: z.array(question).min(1) })).min(1),
  recommendations: z
    .array(
      z.object({
        id: z.string(),
        when,
        title: z.string(),
        text: z.string(),
        referral: z.boolean(),
        cite: z.array(z.object({ doc: z.string(), paragraph: z.string() })),
        query: z.string().optional(),
      }),
    )
    .min(1),
});
export type Walkthrough = z.infer<typeof definitionSchema>;
export type Recommendation = Walkthrough['recommendations'][number];
export type Question = z.infer<typeof question>;

/** The walkthrough for an authority, from data; Hillingdon's when an authority has none of its own. */
export function loadWalkthrough(authority = 'Hillingdon'): Walkthrough {
  const dir = fromRoot('walkthrough');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const all = files.map((f) => definitionSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
  return all.find((w) => w.authority.toLowerCase() === authority.toLowerCase()) ?? all.find((w) => w.authority === 'Hillingdon')!;
}

export interface WalkState {
  initials: string;
  answers: Record<string, string>;
  /** Index of the step being asked, or steps.length once finished. */
  step: number;
  version: number;
  startedAt: string;
}

export function newWalk(now: string): WalkState {
  return { initials: '', answers: {}, step: 0, version: 1, startedAt: now };
}

export type StepResult = { ok: true; state: WalkState } | { ok: false; errors: Record<string, string>; state: WalkState };

/** Answers the current step. An answer for a step already passed, or from an older card, is refused. */
export function answerStep(def: Walkthrough, state: WalkState, stepId: string, version: number, input: Record<string, unknown>): StepResult | { stale: string } {
  const step = def.steps[state.step];
  if (!step || step.id !== stepId || version !== state.version) return { stale: 'This card is out of date: the walkthrough has moved on. Type **resume walkthrough** to see where you are.' };
  const errors: Record<string, string> = {};
  const answers: Record<string, string> = {};
  for (const q of step.questions) {
    const raw = input[q.id];
    const value = raw === undefined || raw === null ? '' : String(raw).trim();
    if (!value) {
      if (!q.optional) errors[q.id] = 'choose an answer';
      continue;
    }
    if (q.type === 'choice' && !q.options?.some(([v]) => v === value)) errors[q.id] = 'choose one of the options';
    else if (q.type === 'number' && (!/^\d+$/.test(value) || Number(value) < (q.min ?? 0) || Number(value) > (q.max ?? 1e9))) errors[q.id] = `give a whole number from ${q.min ?? 0} to ${q.max}`;
    else if (q.type === 'text' && ((q.maxLength && value.length > q.maxLength) || (q.pattern && !new RegExp(q.pattern).test(value)))) errors[q.id] = q.patternMessage ?? `at most ${q.maxLength} characters`;
    else answers[q.id] = value;
  }
  const merged = { ...state.answers, ...answers };
  if (Object.keys(errors).length) return { ok: false, errors, state: { ...state, answers: { ...state.answers, ...Object.fromEntries(step.questions.map((q) => [q.id, String(input[q.id] ?? '')])) } } };
  return { ok: true, state: { ...state, answers: merged, initials: (merged.initials ?? state.initials).toUpperCase(), step: state.step + 1, version: state.version + 1 } };
}

export function goBack(state: WalkState, version: number): WalkState | { stale: string } {
  if (version !== state.version) return { stale: 'This card is out of date. Type **resume walkthrough** to see where you are.' };
  return { ...state, step: Math.max(0, state.step - 1), version: state.version + 1 };
}

function holds(w: When, a: Record<string, string>): boolean {
  if ('always' in w) return true;
  if ('all' in w) return w.all.every((x) => holds(x, a));
  if ('any' in w) return w.any.some((x) => holds(x, a));
  if ('not' in w) return !holds(w.not, a);
  return w.in.includes(a[w.answer] ?? '');
}

/**
 * The recommendations that apply, most decisive first: statutory and "talk to them first" routes,
 * then assessments and placements, and the plan-do-review cycle last.
 */
export function recommend(def: Walkthrough, answers: Record<string, string>): Recommendation[] {
  const all = def.recommendations.filter((r) => holds(r.when, answers));
  const specific = all.filter((r) => !('always' in r.when));
  return specific.length ? specific.slice(0, 3) : all.slice(0, 1);
}

/** What the walkthrough learnt, as a referral's answers, so the form starts filled in. */
export function referralPrefill(answers: Record<string, string>): Record<string, unknown> {
  const yes = (k: string) => answers[k] === 'yes';
  const tried = [
    answers.ordinarilyAvailable === 'yes' ? 'ordinarily available provision' : '',
    answers.senSupport === 'long' ? 'two or more cycles of SEN support' : answers.senSupport === 'short' ? 'SEN support' : '',
    yes('outreach') ? 'outreach' : '',
  ].filter(Boolean);
  const reason = [answers.concernText, tried.length ? `Tried so far: ${tried.join(', ')}.` : '', answers.worked ? `Last review: ${({ yes: 'needs being met', partly: 'partly working', no: 'not working', notyet: 'not reviewed yet' } as Record<string, string>)[answers.worked]}.` : '']
    .filter(Boolean)
    .join(' ');
  return {
    ...(answers.yearGroup ? { yearGroup: Number(answers.yearGroup) } : {}),
    hasEhcp: yes('ehcp'),
    lookedAfter: yes('lookedAfter'),
    permanentlyExcluded: answers.exclusion === 'excluded',
    medicalNeeds: yes('medical'),
    onSchoolRoll: answers.onRoll !== 'no',
    notInFullTimeEducation: yes('medical'),
    suspensionDays: Number(answers.suspensionDays ?? 0),
    ...(reason ? { reason } : {}),
  };
}
