/**
 * What a message is, learned from examples rather than listed as phrases: a child who may be at
 * risk, an ordinary alternative provision question, something out of scope, a request for
 * personal data, or an attempt to change the bot's instructions.
 *
 * A naive Bayes classifier (wink-naive-bayes-text-classifier) over word stems and word pairs
 * (stop words kept: "my dad hits me" needs "me"; pairs keep "not safe" apart from "safe"), trained
 * once per process from labelled messages kept as data in `knowledge/data/intent/` (see its README
 * for who wrote them and what they saw) and the questions each passage answers
 * (`knowledge/corpus/questions/`). `scripts/intent-eval.ts` measures it against the phrase
 * patterns it replaced and against other feature sets.
 *
 * @example
 * const intent = IntentClassifier.default();
 * intent.scores('he told me his uncle hits him').risk; // close to 1
 */
import { createHash } from 'node:crypto';
import { readFileSync, existsSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';
import { QUESTION_ROUNDS } from './questions.js';
import { stemsOf, tokensOf } from './tokens.js';

export { stemsOf, tokensOf };

const require = createRequire(import.meta.url);
// The packages are CommonJS with no types: each a factory returning the classifier's methods.
const naiveBayes = require('wink-naive-bayes-text-classifier') as () => NaiveBayes;
const perceptron = require('wink-perceptron') as () => Perceptron;

interface Perceptron {
  defineConfig(cfg: { shuffleData: boolean; maxIterations: number }): unknown;
  learn(examples: Array<[Record<string, number>, { label: string }]>): number;
  predict(features: Record<string, number>): string;
  exportJSON(): string;
  importJSON(json: string): boolean;
}

interface NaiveBayes {
  defineConfig(cfg: { considerOnlyPresence: boolean; smoothingFactor: number }): boolean;
  definePrepTasks(tasks: Array<(input: string) => string[]>): number;
  learn(input: string, label: string): boolean;
  consolidate(): boolean;
  computeOdds(input: string): Array<[string, number]>;
  exportJSON(): string;
  importJSON(json: string): boolean;
}

export const INTENTS = ['risk', 'ap', 'out_of_scope', 'personal_data', 'injection'] as const;
export type Intent = (typeof INTENTS)[number];

export interface Example {
  text: string;
  label: Intent;
  /** What kind of that label (a kind of harm, of decline...), where the writer gave one. */
  sub?: string;
}

export interface FeatureOptions {
  bigrams: boolean;
  /** Character n-gram lengths taken from each word, e.g. [3, 4]; empty for none. */
  charGrams: number[];
}

/**
 * Word stems and pairs: measured against adding character 3- and 4-grams (scripts/intent-eval.ts),
 * pairs alone found as many risk messages, fewer false signposts, and trained in half the time.
 */
export const DEFAULT_FEATURES: FeatureOptions = { bigrams: true, charGrams: [] };

/** The classifier's view of a message: stems (stop words kept: "my dad hits me" needs "me"), pairs, n-grams. */
export function features(text: string, opts: FeatureOptions = DEFAULT_FEATURES): string[] {
  const tokens = tokensOf(text);
  const stems = stemsOf(tokens);
  const out = stems.map((s) => `w:${s}`);
  if (opts.bigrams) for (let i = 1; i < stems.length; i++) out.push(`b:${stems[i - 1]}_${stems[i]}`);
  for (const n of opts.charGrams) {
    for (const w of tokens) {
      if (w.length < n) continue;
      const padded = `^${w}$`;
      for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
    }
  }
  return out;
}

const exampleLine = z.object({ text: z.string().min(1), label: z.enum(INTENTS), sub: z.string().optional() });

/** Labelled messages from JSON Lines files (`{"text","label",...}` per line). */
export function readExamples(path: string): Example[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = exampleLine.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** The questions each passage answers, as ordinary AP questions: thousands, in staff's words. */
export function passageQuestions(dir = fromRoot('knowledge', 'corpus', 'questions')): Example[] {
  if (!existsSync(dir)) return [];
  const out: Example[] = [];
  const files = QUESTION_ROUNDS.map((round) => join(dir, round))
    .filter((d) => existsSync(d))
    .flatMap((d) => readdirSync(d).filter((n) => n.endsWith('.json')).sort().map((n) => join(d, n)));
  for (const f of files) {
    const data = JSON.parse(readFileSync(f, 'utf8')) as { passages?: Array<{ questions?: string[] }> };
    for (const p of data.passages ?? []) for (const q of p.questions ?? []) out.push({ text: q, label: 'ap' });
  }
  return out;
}

/** The labelled messages of one writer: the `.jsonl` files of one folder. */
export function examplesIn(dir: string): Example[] {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort() : [];
  return files.flatMap((f) => readExamples(join(dir, f)));
}

/** Each folder holds one writer's messages (see the READMEs): `scripts/scope-eval.ts` leaves one out in turn and tests on it. */
export const WRITERS = ['', 'second', 'third', 'fifth', 'sixth', 'seventh'].map((w) => fromRoot('knowledge', 'data', 'intent', w));

export function defaultExamples(): Example[] {
  return [...WRITERS.flatMap(examplesIn), ...passageQuestions()];
}

export type Scores = Record<Intent, number>;

const presence = (f: string[]): Record<string, number> => Object.fromEntries(f.map((x) => [x, 1]));

/**
 * The perceptron learns in passes over the examples, each pass in another order; the order comes
 * from a fixed seed so the same data always gives the same classifier (and the kept copy can be
 * checked against a fresh one).
 */
function trainKinds(examples: Example[], opts: FeatureOptions, passes = 10): Perceptron {
  const p = perceptron();
  p.defineConfig({ shuffleData: false, maxIterations: 1 });
  const data = examples.map((e): [Record<string, number>, { label: string }] => [presence(features(e.text, opts)), { label: e.label }]);
  let seed = 20261130;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let pass = 0; pass < passes; pass++) {
    for (let i = data.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [data[i], data[j]] = [data[j]!, data[i]!];
    }
    p.learn(data);
  }
  return p;
}

/** Where the build keeps the trained classifier: beside the compiled code, never in the repository. */
export const TRAINED_PATH = fromRoot('dist', 'knowledge', 'intent-model.json');
/** Bump when `features` changes meaning: a copy trained with the old features must not be loaded. */
const FEATURES_VERSION = 1;

/** What a trained copy was trained from: the examples, in order, and the features read from them. */
export function trainingKey(examples: Example[], opts: FeatureOptions): string {
  const h = createHash('sha256').update(JSON.stringify({ v: FEATURES_VERSION, opts }));
  for (const e of examples) h.update(`${e.label}\u0000${e.text}\n`);
  return h.digest('hex');
}


export class IntentClassifier {
  private static shared: IntentClassifier | undefined;

  private constructor(
    private readonly nb: NaiveBayes,
    private readonly kinds: Perceptron,
    private readonly opts: FeatureOptions,
  ) {}

  /** The last few messages' readings: one turn reads its message (and its sentences) more than once. */
  private readonly recent = new Map<string, Scores>();
  private readonly recentKinds = new Map<string, Intent>();

  /** A kept copy, if it was trained from the data `key` names (by default today's); otherwise nothing. */
  static fromFile(path = TRAINED_PATH, key = trainingKey(defaultExamples(), DEFAULT_FEATURES)): IntentClassifier | undefined {
    if (!existsSync(path)) return undefined;
    try {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as { key?: string; model?: string; kinds?: string };
      if (saved.key !== key || typeof saved.model !== 'string' || typeof saved.kinds !== 'string') return undefined;
      const nb = naiveBayes();
      nb.importJSON(saved.model);
      nb.definePrepTasks([(t: string) => features(t, DEFAULT_FEATURES)]);
      nb.consolidate();
      const kinds = perceptron();
      kinds.importJSON(saved.kinds);
      return new IntentClassifier(nb, kinds, DEFAULT_FEATURES);
    } catch {
      // A damaged copy is no reason not to start: training from the data gives the same classifier.
      return undefined;
    }
  }

  static train(examples: Example[], opts: FeatureOptions = DEFAULT_FEATURES): IntentClassifier {
    const nb = naiveBayes();
    // Presence, not counts: a long message repeating a word is not more of anything.
    nb.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
    nb.definePrepTasks([(t: string) => features(t, opts)]);
    for (const e of examples) nb.learn(e.text, e.label);
    nb.consolidate();
    return new IntentClassifier(nb, trainKinds(examples, opts), opts);
  }

  /**
   * One classifier per process, from the data in the repository. Training takes about a second, so
   * the build keeps a trained copy (`saveTrained`) and start-up loads it in a fifth of that; the copy
   * is used only if it was trained from exactly today's examples and feature set, so editing the data
   * without rebuilding costs time, never correctness.
   */
  static default(): IntentClassifier {
    if (IntentClassifier.shared) return IntentClassifier.shared;
    const examples = defaultExamples();
    const key = trainingKey(examples, DEFAULT_FEATURES);
    const saved = IntentClassifier.fromFile(TRAINED_PATH, key);
    return (IntentClassifier.shared = saved ?? IntentClassifier.train(examples));
  }

  /** Trains from the repository's data (or takes `trained`, trained from it) and keeps the result where `default()` looks for it. */
  static saveTrained(path = TRAINED_PATH, trained?: IntentClassifier): string {
    const examples = defaultExamples();
    const c = trained ?? IntentClassifier.train(examples);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ key: trainingKey(examples, DEFAULT_FEATURES), model: c.nb.exportJSON(), kinds: c.kinds.exportJSON() }));
    return path;
  }

  /** For each intent, how likely the message is that rather than anything else (0..1). */
  scores(text: string): Scores {
    const odds = this.odds(text);
    return Object.fromEntries(INTENTS.map((i) => [i, odds[i] === -Infinity ? 0 : 1 / (1 + 2 ** -odds[i])])) as Scores;
  }

  /**
   * The same readings as log2 odds, unbounded: where naive Bayes is sure of two kinds at once (both
   * scores round to 1), the odds still say which it finds likelier.
   */
  odds(text: string): Scores {
    // The guard and the answer's verdict read the same message in one turn: read it once.
    const seen = this.recent.get(text);
    if (seen) return seen;
    const out = Object.fromEntries(INTENTS.map((i) => [i, -Infinity])) as Scores;
    if (features(text, this.opts).length) for (const [label, odds] of this.nb.computeOdds(text)) if (label in out) out[label as Intent] = odds;
    this.recent.set(text, out);
    if (this.recent.size > 16) this.recent.delete(this.recent.keys().next().value!);
    return out;
  }

  /**
   * What kind of message this is, as a linear classifier (an averaged perceptron over the same
   * features) reads it. Naive Bayes is surest of the commonest kind: in one 5-fold run on the first
   * writer's messages (2026-11-30, before the second writer's were added) it found 23% of
   * out-of-scope messages against the perceptron's 56%, and 53% of personal-data requests against
   * 67%; `scripts/intent-eval.ts` prints both readings' confusion tables on today's data. Its risk
   * reading stays the one measured for the signpost.
   */
  kind(text: string): Intent {
    // Read once per turn too: the answer's verdict and the signpost both ask.
    const seen = this.recentKinds.get(text);
    if (seen) return seen;
    const f = features(text, this.opts);
    const k = f.length ? this.kinds.predict(presence(f)) : 'ap';
    const kind = (INTENTS as readonly string[]).includes(k) ? (k as Intent) : 'ap';
    this.recentKinds.set(text, kind);
    if (this.recentKinds.size > 16) this.recentKinds.delete(this.recentKinds.keys().next().value!);
    return kind;
  }

}
