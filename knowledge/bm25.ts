/**
 * BM25 over several fields of short texts, built for bulk: the passages, their sentences and their
 * written questions are each indexed at every start-up, and an authority's corpus may be a hundred
 * times ours.
 *
 * Scoring is MiniSearch 7's, so rankings are unchanged from when these indexes were MiniSearch ones
 * (a test checks both rank alike): BM25+ (k 1.2, b 0.7, δ 0.5) per field, a field's length counted
 * as its distinct whitespace-separated tokens, a term found by prefix weighted
 * 0.375 · len / (len + 0.3 · extra letters), and a document's score multiplied by how many of the
 * query's terms it matched. What differs is the build. MiniSearch files every occurrence of a term
 * through a radix tree, about 1 µs a token here, 9.4 s of the 10 s budget at 100 times our corpus
 * (BENCHMARKS.md); this keeps a plain map from term to a growing postings list (document numbers
 * are added in order, so a repeat of a term in the same document is always the list's last entry),
 * and sorts the vocabulary once, when first searched, for prefixes.
 *
 * @example
 * const index = new Bm25Index(['text', 'heading'] as const, (token) => [token.toLowerCase()]);
 * index.add({ text: 'Provision from the sixth day', heading: 'Exclusions' }); // document 0
 * index.search([{ term: 'sixth', boost: 1, prefix: false }], { boost: { heading: 1.6 } }); // [{ doc: 0, score: … }]
 */

const K = 1.2;
const B = 0.7;
const DELTA = 0.5;
const PREFIX_WEIGHT = 0.375;

export interface QueryTerm {
  /** An index term (already analysed as the index's tokens are). */
  term: string;
  /** How much this term counts (a user's own word 1, the documents' word for it less). */
  boost: number;
  /** Whether longer terms that start with it match too ("exclu" finds "exclus" and "exclud"). */
  prefix: boolean;
}

export interface Match {
  /** The document's number: the order it was added in, from 0. */
  doc: number;
  score: number;
}

export class Bm25Index<F extends string> {
  private readonly termIds = new Map<string, number>();
  private readonly vocabulary: string[] = [];
  /** Per field, per term: [document, occurrences, document, occurrences, …] in document order. */
  private readonly postings: number[][][];
  /** Per field, each document's length (distinct tokens), and their sum. */
  private readonly lengths: number[][];
  private readonly totalLength: number[];
  private documents = 0;
  /** The vocabulary in code-unit order, for prefix lookups; made again after documents are added. */
  private sorted: string[] | undefined;

  /**
   * @param fields the fields every document has (a missing one is indexed as empty)
   * @param analyse a whitespace-separated token's index terms (none for a stop word)
   */
  constructor(
    private readonly fields: readonly F[],
    private readonly analyse: (token: string) => readonly string[],
  ) {
    this.postings = fields.map(() => []);
    this.lengths = fields.map(() => []);
    this.totalLength = fields.map(() => 0);
  }

  get size(): number {
    return this.documents;
  }

  /**
   * Each token as written, numbered, with its terms' numbers: a corpus repeats a few thousand
   * tokens, so each is analysed once, and counting a field's distinct tokens needs no set.
   */
  private readonly tokenIds = new Map<string, number>();
  private readonly tokenTerms: number[][] = [];
  /** By token number: the last field of a document (doc · fields + field) it was counted in. */
  private tokenSeen = new Int32Array(1024).fill(-1);

  private tokenOf(token: string): number {
    let t = this.tokenIds.get(token);
    if (t === undefined) {
      t = this.tokenTerms.length;
      this.tokenIds.set(token, t);
      this.tokenTerms.push(this.analyse(token).map((term) => this.termOf(term)));
      if (t === this.tokenSeen.length) {
        const grown = new Int32Array(2 * t).fill(-1);
        grown.set(this.tokenSeen);
        this.tokenSeen = grown;
      }
    }
    return t;
  }

  private termOf(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.vocabulary.length;
      this.termIds.set(term, id);
      this.vocabulary.push(term);
    }
    return id;
  }

  /** Adds a document and returns its number. */
  add(document: Readonly<Partial<Record<F, string>>>): number {
    const doc = this.documents++;
    for (let f = 0; f < this.fields.length; f++) {
      const stamp = doc * this.fields.length + f;
      const lists = this.postings[f]!;
      let length = 0;
      for (const token of (document[this.fields[f]!] ?? '').split(/\s+/)) {
        const t = this.tokenOf(token);
        // A field's length is its distinct tokens, as written (MiniSearch's measure).
        if (this.tokenSeen[t] !== stamp) {
          this.tokenSeen[t] = stamp;
          length++;
        }
        for (const id of this.tokenTerms[t]!) {
          const list = (lists[id] ??= []);
          if (list[list.length - 2] === doc) list[list.length - 1]!++;
          else list.push(doc, 1);
        }
      }
      this.lengths[f]!.push(length);
      this.totalLength[f]! += length;
    }
    this.sorted = undefined;
    return doc;
  }

  /**
   * Documents matching any of the terms, best first. `boost` weights a field (1 when not given);
   * `keep` leaves a document out of the results (it still counts in the statistics).
   */
  search(query: readonly QueryTerm[], opts: { boost?: Partial<Record<F, number>>; keep?: (doc: number) => boolean } = {}): Match[] {
    const score = new Map<number, number>();
    const matched = new Map<number, number>();
    const lastQuery = new Map<number, number>();
    query.forEach((q, qi) => {
      if (!q.term) return;
      const add = (id: number | undefined, weight: number) => {
        if (id === undefined) return;
        for (let f = 0; f < this.fields.length; f++) {
          const list = this.postings[f]![id];
          if (!list) continue;
          const fieldBoost = opts.boost?.[this.fields[f]!] || 1;
          const df = list.length / 2;
          const idf = Math.log(1 + (this.documents - df + 0.5) / (df + 0.5));
          const average = this.totalLength[f]! / this.documents;
          const lengths = this.lengths[f]!;
          for (let i = 0; i < list.length; i += 2) {
            const doc = list[i]!;
            const tf = list[i + 1]!;
            const bm25 = idf * (DELTA + (tf * (K + 1)) / (tf + K * (1 - B + (B * lengths[doc]!) / average)));
            score.set(doc, (score.get(doc) ?? 0) + weight * q.boost * fieldBoost * bm25);
            if (lastQuery.get(doc) !== qi) {
              lastQuery.set(doc, qi);
              matched.set(doc, (matched.get(doc) ?? 0) + 1);
            }
          }
        }
      };
      add(this.termIds.get(q.term), 1);
      if (q.prefix) for (const t of this.withPrefix(q.term)) add(this.termIds.get(t), (PREFIX_WEIGHT * t.length) / (t.length + 0.3 * (t.length - q.term.length)));
    });
    const out: Match[] = [];
    for (const [doc, s] of score) if (!opts.keep || opts.keep(doc)) out.push({ doc, score: s * matched.get(doc)! });
    return out.sort((a, b) => b.score - a.score);
  }

  /** Terms longer than `prefix` that start with it. */
  private withPrefix(prefix: string): string[] {
    const sorted = (this.sorted ??= [...this.vocabulary].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) if (sorted[i] !== prefix) out.push(sorted[i]!);
    return out;
  }
}
