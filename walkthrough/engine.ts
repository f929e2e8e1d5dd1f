import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';
import { route, type RoutingFacts } from '../routing/engine.js';

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
/**
 * Where a recommendation rests: a numbered paragraph of a corpus document ("003", "11.4"); a
 * passage of a document without paragraph numbers, found by its heading and words it contains;
 * or a source outside the corpus (the SEND Code of Practice), cited by paragraph without a quote.
 */
const citeSchema = z.union([
  z.object({ doc: z.string(), paragraph: z.string() }).strict(),
  z.object({ doc: z.string(), heading: z.string().optional(), contains: z.string() }).strict(),
  z.object({ source: z.string(), paragraph: z.string() }).strict(),
]);
export type Cite = z.infer<typeof citeSchema>;

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
        cite: z.array(citeSchema),
        query: z.string().optional(),
      }),
    )
    .min(1),
});
export type Walkthrough = z.infer<typeof definitionSchema>;
export type Recommendation = Walkthrough['recommendations'][number];
export type Question = z.infer<typeof question>;

/** The walkthrough for an authority, from data. An authority without one is an error, never another's. */
export function loadWalkthrough(authority = 'Hillingdon'): Walkthrough {
  const dir = fromRoot('walkthrough');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const all = files.map((f) => definitionSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
  const own = all.find((w) => w.authority.toLowerCase() === authority.toLowerCase());
  if (!own) throw new Error(`No walkthrough for ${authority}; known: ${all.map((w) => w.authority).join(', ')}`);
  return own;
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

/** What a question left empty is told, in the words of its kind of input: a box to write in is not "chosen". */
export function missingAnswer(q: Pick<Question, 'type'>): string {
  return q.type === 'choice' ? 'choose an answer' : q.type === 'number' ? 'give a number (0 if none)' : 'write an answer';
}

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
      if (!q.optional) errors[q.id] = missingAnswer(q);
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
  const routed = routeRecommendation(def.authority, answers);
  const rest = specific.length ? specific.slice(0, routed ? 2 : 3) : all.slice(0, 1);
  return routed ? [routed, ...rest] : rest;
}

/** The facts the walkthrough's answers give for routing, the same facts a referral would carry. */
export function routingFactsFrom(answers: Record<string, string>): RoutingFacts {
  const year = Number(answers.yearGroup ?? 9);
  return {
    // Age on the first day of the school year: a Year 7 pupil is 11.
    ageYears: Math.max(4, Math.min(19, year + 4)),
    yearGroup: year,
    hasEhcp: answers.ehcp === 'yes',
    lookedAfter: answers.lookedAfter === 'yes',
    permanentlyExcluded: answers.exclusion === 'excluded',
    exclusionStartDate: null,
    suspensionDays: 0,
    medicalNeeds: answers.medical === 'yes',
    onSchoolRoll: answers.onRoll !== 'no' && answers.onRoll !== 'ehe',
    // The answer is fixed wording, read by the same reader as a referral's reason.
    reason: answers.onRoll === 'ehe' ? 'Electively home educated; the parents say the education is suitable.' : '',
    requested: '',
  };
}

/**
 * What the authority's routing policy says for this pupil, as the first recommendation: the
 * same rules, paragraphs and "not defined, ask" as a referral, so the two never disagree.
 */
export function routeRecommendation(authority: string, answers: Record<string, string>): Recommendation | undefined {
  const facts = routingFactsFrom(answers);
  // No exclusion date is asked here; a placeholder Monday lets the deadline rule (its reason, not its date) be shown.
  const r = route(facts.permanentlyExcluded ? { ...facts, exclusionStartDate: '2026-01-05' } : facts, { authority });
  const deadlineWhy = r.rules.filter((x) => x.rule.startsWith('DL')).map((x) => x.why);
  const rule = r.rules[0]!;
  const notes = r.notes.filter((n) => n.kind !== 'warning').filter((n) => r.primary !== 'None' || n.kind !== 'info' || !/Brokerage/.test(n.text));
  const cite = [{ source: `${r.authority}`, paragraph: rule.paragraph }];
  if (!r.routeDefined) {
    return { id: 'route', when: { always: true }, title: `${r.authority}'s documents do not set out this route`, referral: false, text: `${rule.why} Ask ${r.ask}.`, cite };
  }
  if (r.primary === 'None') {
    const info = notes.filter((n) => n.kind === 'info');
    if (!info.length) return undefined;
    return { id: 'route', when: { always: true }, title: 'What applies instead of a referral', referral: false, text: info.map((n) => n.text).join(' '), cite: info.map((n) => ({ source: r.authority, paragraph: n.paragraph })) };
  }
  const extra = notes.filter((n) => n.kind === 'duty').map((n) => n.text);
  // Where the guidance says the school discusses AP with the team first, the title says so rather than "Refer".
  const title = /\bfirst discuss/i.test(rule.why) ? `Talk to the ${r.destination} first, then refer` : `Refer to the ${r.destination}`;
  return { id: 'route', when: { always: true }, title, referral: true, text: withoutRepeatedTopics([rule.why, ...deadlineWhy, ...extra]).join(' '), cite };
}

/** Sentences that each open with the same topic ("Permanent exclusion: …") say it once, as a person would. */
function withoutRepeatedTopics(sentences: string[]): string[] {
  const said = new Set<string>();
  return sentences.map((t) => {
    const m = /^([^:.]{3,40}): (.+)$/.exec(t);
    if (!m) return t;
    if (!said.has(m[1]!)) {
      said.add(m[1]!);
      return t;
    }
    return m[2]!.charAt(0).toUpperCase() + m[2]!.slice(1);
  });
}

/** What the walkthrough learnt, as a referral's answers, so the form starts filled in. */
export function referralPrefill(answers: Record<string, string>): Record<string, unknown> {
  const yes = (k: string) => answers[k] === 'yes';
  const asked = (k: string) => answers[k] !== undefined && answers[k] !== '';
  const tried = [
    answers.ordinarilyAvailable === 'yes' ? 'ordinarily available provision' : '',
    answers.senSupport === 'reviewed' ? 'SEN support, reviewed' : answers.senSupport === 'started' ? 'SEN support' : '',
    yes('outreach') ? 'outreach' : '',
  ].filter(Boolean);
  const suspended = Number(answers.suspensionDays ?? 0);
  const reason = [answers.concernText, tried.length ? `Tried so far: ${tried.join(', ')}.` : '', suspended > 0 ? `Suspended for ${suspended} days in total this school year.` : '', answers.onRoll === 'ehe' ? 'Electively home educated; the parents say the education is suitable.' : '', answers.worked ? `Last review: ${({ yes: 'needs being met', partly: 'partly working', no: 'not working', notyet: 'not reviewed yet' } as Record<string, string>)[answers.worked]}.` : '']
    .filter(Boolean)
    .join(' ');
  return {
    ...(answers.yearGroup ? { yearGroup: Number(answers.yearGroup) } : {}),
    // Only what the walkthrough asked is filled in: a field it never asked (the reduced timetable,
    // the current suspension) is left for the referrer rather than pre-set to "No" or 0.
    ...(asked('ehcp') ? { hasEhcp: yes('ehcp') } : {}),
    ...(asked('lookedAfter') ? { lookedAfter: yes('lookedAfter') } : {}),
    ...(asked('exclusion') ? { permanentlyExcluded: answers.exclusion === 'excluded' } : {}),
    ...(asked('medical') ? { medicalNeeds: yes('medical') } : {}),
    ...(asked('onRoll') ? { onSchoolRoll: answers.onRoll !== 'no' && answers.onRoll !== 'ehe' } : {}),
    // A pupil kept at home by illness is not in full-time education; otherwise it was not asked.
    ...(yes('medical') ? { notInFullTimeEducation: true } : {}),
    ...(reason ? { reason } : {}),
  };
}
