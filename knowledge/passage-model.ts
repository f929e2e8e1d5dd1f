/**
 * Which passage a question is about, learned from the questions written for each passage.
 *
 * Each passage is a class; its examples are the questions written for it (both rounds, in staff's
 * words: `knowledge/corpus/questions/`) and its own text. A question is scored against every passage
 * by multinomial naive Bayes over word stems and word pairs (the message classifier's features,
 * `features` in `intent.ts`), counting each feature once per example. Where BM25 over single written
 * questions needs one question worded like the user's, this pools the words of all of a passage's
 * questions, so "kid", "pex" and "sixth day" written in three different questions all count for it.
 *
 * Measured side by side (scratch runs over the 714 questions of our own, held-out and earlier blind
 * sets, totals only, 2026-11-30): the search's own ranking put the right passage in the top three
 * for 83.5% and first for 66.0%. Joined after it by reciprocal rank fusion, this model's ranking gave
 * 88.8% and 77.0%, and BM25 over each passage's pooled questions instead 87.7% and 71.8%. As shipped,
 * a third list in the search's one fusion (no weight to fit), it gives 87.7% and 75.6%.
 * `wink-naive-bayes-text-classifier` (the message classifier's package) gave the same ranking but
 * took 270 ms a question over 487 classes, since it scores every class on every word; this keeps
 * an inverted index and touches only the passages that share a feature with the question (about
 * 1 ms). Features are numbered rather than kept as strings, since training grows with the corpus
 * and is part of every index build and cold start.
 *
 * @example
 * const model = PassageModel.train([['when does pex provision start', 'sixth day provision'], []]);
 * model.rank('pex day 6?', 5); // [0]
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { stemsOf, tokensOf } from './tokens.js';

/**
 * Below this many example texts, training in a worker thread costs more than it saves: measured on
 * copies of our corpus (about 5,200 texts each), the worker lost 60 ms at two copies, broke even at
 * four and gained from five on.
 */
const WORKER_FROM = 25_000;

/** Additive smoothing: a feature a passage never saw costs log(α / (n + α·|V|)). 0.1 and 0.5 measured alike. */
const ALPHA = 0.5;

/**
 * A trained model as plain data: maps as entry lists and the postings as flat typed arrays (a
 * feature's postings are `passages[offsets[f]..offsets[f + 1]]`), so it crosses to and from a
 * worker thread without being copied element by element.
 */
export interface PassageModelData {
  stems: Array<[string, number]>;
  /** [first stem's feature, second stem's feature, the pair's feature] */
  pairs: Int32Array;
  offsets: Int32Array;
  passages: Int32Array;
  counts: Int32Array;
  /** log(n + α·|V|) for each passage with examples; NaN for one without. */
  norm: Float64Array;
}

export class PassageModel {
  private readonly stems: ReadonlyMap<string, number>;
  /** By a stem's feature number: the stems that followed it, each with the pair's feature number. */
  private readonly pairs: ReadonlyArray<ReadonlyMap<number, number> | undefined>;

  private constructor(private readonly data: PassageModelData) {
    this.stems = new Map(data.stems);
    const pairs: Array<Map<number, number> | undefined> = [];
    for (let i = 0; i < data.pairs.length; i += 3) (pairs[data.pairs[i]!] ??= new Map()).set(data.pairs[i + 1]!, data.pairs[i + 2]!);
    this.pairs = pairs;
  }

  /** The model as plain data, for `fromData` in another thread. */
  toData(): PassageModelData {
    return this.data;
  }

  static fromData(data: PassageModelData): PassageModel {
    return new PassageModel(data);
  }

  /**
   * Trains in a worker thread, so the caller can build its other indexes meanwhile (the index build
   * of a large corpus takes about a third less on two cores). A small corpus is trained here: a
   * worker's start costs more than its training (`WORKER_FROM` examples). So is any corpus when the
   * compiled worker is absent, as when the TypeScript sources run under the tests.
   */
  static trainAside(
    examples: ReadonlyArray<ReadonlyArray<string>>,
    /** The worker's script: the compiled `passage-model-worker.js` beside this file. */
    worker = fileURLToPath(new URL('./passage-model-worker.js', import.meta.url)),
  ): Promise<PassageModel> {
    if (examples.reduce((n, texts) => n + texts.length, 0) < WORKER_FROM || !existsSync(worker)) return Promise.resolve(PassageModel.train(examples));
    return new Promise((resolve) => {
      const thread = new Worker(worker, { workerData: examples });
      let settled = false;
      const settle = (model: () => PassageModel) => {
        if (settled) return;
        settled = true;
        resolve(model());
      };
      thread.once('message', (data: PassageModelData) => {
        settle(() => PassageModel.fromData(data));
        void thread.terminate();
      });
      // A worker that fails (out of memory, say) costs the time saved, not the start: train here.
      thread.once('error', () => settle(() => PassageModel.train(examples)));
      thread.once('exit', () => settle(() => PassageModel.train(examples)));
    });
  }

  /**
   * Trains on each passage's examples. Features are numbered as first seen, words and word pairs
   * alike, so every number stays a small integer: a pair's number computed from its words' numbers
   * outgrew them, and with maps keyed by such numbers training on the ×100 corpus took 5.6 s; with
   * small numbers, 3.9 s (session 6, this training alone, one machine).
   *
   * `examples`: one list of example texts per passage, in passage order (an empty list: the passage
   * is never ranked).
   */
  static train(examples: ReadonlyArray<ReadonlyArray<string>>): PassageModel {
    const stems = new Map<string, number>();
    const pairs: Array<Map<number, number> | undefined> = [];
    /** A word as written → its stem's feature number: a corpus repeats a few thousand words. */
    const byToken = new Map<string, number>();
    const passages: number[][] = [];
    const counts: number[][] = [];
    const perPassage = examples.map(() => 0);
    // By feature: the last example that had it (an example counts a feature once), and how many of
    // the current passage's examples had it. A passage's counts are added to the postings when it
    // is done, once per feature, rather than at every word.
    let seenIn = new Int32Array(1024).fill(-1);
    let current = new Int32Array(1024);
    const touched: number[] = [];
    let features = 0;
    let example = 0;
    const add = (f: number) => {
      if (seenIn[f] === example) return;
      seenIn[f] = example;
      if (current[f]!++ === 0) touched.push(f);
    };
    const feature = () => {
      if (features === current.length) {
        const seen = new Int32Array(2 * features).fill(-1);
        seen.set(seenIn);
        seenIn = seen;
        const grown = new Int32Array(2 * features);
        grown.set(current);
        current = grown;
      }
      passages.push([]);
      counts.push([]);
      return features++;
    };
    const stemFeature = (token: string) => {
      let f = byToken.get(token);
      if (f === undefined) {
        const stem = stemsOf([token])[0]!;
        f = stems.get(stem);
        if (f === undefined) stems.set(stem, (f = feature()));
        byToken.set(token, f);
      }
      return f;
    };
    examples.forEach((texts, p) => {
      for (const text of texts) {
        example++;
        let previous = -1;
        for (const token of tokensOf(text)) {
          const f = stemFeature(token);
          add(f);
          if (previous >= 0) {
            const after = (pairs[previous] ??= new Map());
            let pair = after.get(f);
            if (pair === undefined) after.set(f, (pair = feature()));
            add(pair);
          }
          previous = f;
        }
      }
      for (const f of touched) {
        passages[f]!.push(p);
        counts[f]!.push(current[f]!);
        perPassage[p]! += current[f]!;
        current[f] = 0;
      }
      touched.length = 0;
    });
    // Flattened once trained: the postings in one array, a feature's from its offset to the next's.
    const offsets = new Int32Array(features + 1);
    for (let f = 0; f < features; f++) offsets[f + 1] = offsets[f]! + passages[f]!.length;
    const flatPassages = new Int32Array(offsets[features]!);
    const flatCounts = new Int32Array(offsets[features]!);
    for (let f = 0; f < features; f++) {
      flatPassages.set(passages[f]!, offsets[f]);
      flatCounts.set(counts[f]!, offsets[f]);
    }
    const pairList: number[] = [];
    pairs.forEach((after, first) => after?.forEach((pair, second) => pairList.push(first, second, pair)));
    return new PassageModel({
      stems: [...stems],
      pairs: Int32Array.from(pairList),
      offsets,
      passages: flatPassages,
      counts: flatCounts,
      norm: Float64Array.from(examples, (texts, p) => (texts.length ? Math.log(perPassage[p]! + ALPHA * features) : NaN)),
    });
  }

  /** The features of a question the model has seen, each once. */
  private featuresOf(question: string): number[] {
    const out = new Set<number>();
    let previous: number | undefined;
    for (const stem of stemsOf(tokensOf(question))) {
      const id = this.stems.get(stem);
      if (id !== undefined) {
        out.add(id);
        const pair = previous === undefined ? undefined : this.pairs[previous]?.get(id);
        if (pair !== undefined) out.add(pair);
      }
      previous = id;
    }
    return [...out];
  }

  /** The passages most likely to answer `question`, best first: at most `limit`, only those `keep` allows. */
  rank(question: string, limit: number, keep: (passage: number) => boolean = () => true): number[] {
    return this.rankWithShare(question, limit, keep).map(([p]) => p);
  }

  /**
   * The same, each with its share of the probability over the passages `keep` allows (naive Bayes'
   * posterior with equal priors): a question about nothing the passages' questions ask about spreads
   * thinly over many; one like the questions a passage answers puts much of it on that passage.
   */
  rankWithShare(question: string, limit: number, keep: (passage: number) => boolean = () => true): Array<[number, number]> {
    const known = this.featuresOf(question);
    if (!known.length) return [];
    const logAlpha = Math.log(ALPHA);
    // Every passage starts as if it had none of the features; those it has add their due.
    const score = new Map<number, number>();
    const { offsets, passages, counts, norm: norms } = this.data;
    for (const f of known) {
      for (let i = offsets[f]!; i < offsets[f + 1]!; i++) score.set(passages[i]!, (score.get(passages[i]!) ?? 0) + Math.log(counts[i]! + ALPHA) - logAlpha);
    }
    const ranked: Array<[number, number]> = [];
    let background = 0;
    for (let p = 0; p < norms.length; p++) {
      const norm = norms[p]!;
      if (Number.isNaN(norm) || !keep(p)) continue;
      const s = score.get(p);
      if (s === undefined) background += Math.exp(known.length * (logAlpha - norm));
      else ranked.push([p, s + known.length * (logAlpha - norm)]);
    }
    ranked.sort((a, b) => b[1] - a[1]);
    const top = ranked[0]?.[1] ?? 0;
    // Shares relative to the best, so the sum does not underflow; passages sharing no feature count too.
    const total = ranked.reduce((n, [, s]) => n + Math.exp(s - top), 0) + background / Math.exp(top);
    return ranked.slice(0, limit).map(([p, s]) => [p, Math.exp(s - top) / total]);
  }
}
