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
import { stemsOf, tokensOf } from './intent.js';

/** Additive smoothing: a feature a passage never saw costs log(α / (n + α·|V|)). 0.1 and 0.5 measured alike. */
const ALPHA = 0.5;
/** Word pairs are numbered above every single word: pair (a, b) is PAIRS · (a + 1) + b. */
const PAIRS = 2 ** 21;

interface Postings {
  passages: number[];
  counts: number[];
  /** The last example that had this feature, so an example counts it once. */
  seenIn: number;
}

export class PassageModel {
  private constructor(
    /** Each stem's number. */
    private readonly stems: ReadonlyMap<string, number>,
    /** feature → the passages with it, in order, and how many of each one's examples have it */
    private readonly index: ReadonlyMap<number, Postings>,
    /** log(n + α·|V|) for each passage with examples; undefined for one without. */
    private readonly norm: ReadonlyArray<number | undefined>,
  ) {}

  /** One list of example texts per passage, in passage order (an empty list: the passage is never ranked). */
  static train(examples: ReadonlyArray<ReadonlyArray<string>>): PassageModel {
    const stems = new Map<string, number>();
    const index = new Map<number, Postings>();
    const counts = examples.map(() => 0);
    let example = 0;
    const add = (f: number, p: number) => {
      const list = index.get(f);
      if (!list) index.set(f, { passages: [p], counts: [1], seenIn: example });
      else if (list.seenIn === example) return;
      else {
        list.seenIn = example;
        // Passages are visited in order, so a passage's postings are always the last ones.
        if (list.passages[list.passages.length - 1] === p) list.counts[list.counts.length - 1]!++;
        else {
          list.passages.push(p);
          list.counts.push(1);
        }
      }
      counts[p]!++;
    };
    examples.forEach((texts, p) => {
      for (const text of texts) {
        example++;
        let previous = -1;
        for (const stem of stemsOf(tokensOf(text))) {
          let id = stems.get(stem);
          if (id === undefined) stems.set(stem, (id = stems.size));
          add(id, p);
          if (previous >= 0) add(PAIRS * (previous + 1) + id, p);
          previous = id;
        }
      }
    });
    const vocabulary = index.size;
    return new PassageModel(
      stems,
      index,
      examples.map((texts, p) => (texts.length ? Math.log(counts[p]! + ALPHA * vocabulary) : undefined)),
    );
  }

  /** The features of a question the model has seen, each once. */
  private featuresOf(question: string): number[] {
    const out = new Set<number>();
    let previous: number | undefined;
    for (const stem of stemsOf(tokensOf(question))) {
      const id = this.stems.get(stem);
      if (id !== undefined) {
        out.add(id);
        if (previous !== undefined) out.add(PAIRS * (previous + 1) + id);
      }
      previous = id;
    }
    return [...out].filter((f) => this.index.has(f));
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
    for (const f of known) {
      const { passages, counts } = this.index.get(f)!;
      for (let i = 0; i < passages.length; i++) score.set(passages[i]!, (score.get(passages[i]!) ?? 0) + Math.log(counts[i]! + ALPHA) - logAlpha);
    }
    const ranked: Array<[number, number]> = [];
    let background = 0;
    for (const [p, norm] of this.norm.entries()) {
      if (norm === undefined || !keep(p)) continue;
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
