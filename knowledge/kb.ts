import { Bm25Index, type QueryTerm } from './bm25.js';
import { answerCue, hasAnswerKind, isTimeQuestion } from './cues.js';
import { EnglishFrequency } from './english.js';
import { ingestCorpus, type Chunk } from './ingest.js';
import { loadCorpus, type Authority, type SourceDocument } from './metadata.js';
import { PassageModel } from './passage-model.js';
import { loadQuestionsFiles, questionsByChunk, type PassageQuestions } from './questions.js';
import { STOP, editDistance, termOf, terms, words } from './tokens.js';
import { Glossary } from './terms.js';

const NONE: readonly string[] = [];

/**
 * A whitespace-separated token's index terms, as `terms` gives them, so index and query words meet.
 * Each index analyses a token once (`Bm25Index` keeps the result by token as written).
 */
function indexTerms(token: string): readonly string[] {
  // Most tokens are plain words: the same result as `terms`, without its rewrites.
  const w = token.toLowerCase();
  if (/^[a-z]+$/.test(w)) return w.length > 1 && !STOP.has(w) ? [termOf(w)] : NONE;
  return terms(token);
}

/** Verbs that, in a "when" question, ask for the time rather than name the topic. */
const TIME_VERBS = new Set(['start', 'begin', 'commenc', 'happen', 'due']);

/** How telling in everyday English a word must be for its absence from an authority's documents to count. */
const ABSENT_TELLING = 0.7;

/** How much a documents' word for an idea counts against the user's own word for it. */
const EXPANSION_CREDIT = 0.8;
/** How much more a sentence with the kind of words that answer the question counts (a time for "when"). */
const CUE_BONUS = 0.5;
/** Two neighbouring sentences answer together, but count a little less than one that answers alone. */
const PAIR_DISCOUNT = 0.8;

/** One idea in a question, with the words that express it and how much each counts. */
export interface Concept {
  weight: number;
  /** Single words that express it, with how much each counts. */
  members: Map<string, number>;
  /** Phrases the user said that express it only whole; part of one counts for its share. */
  phrases: Array<{ terms: Array<{ t: string; idf: number }> }>;
}

export interface Query {
  concepts: Concept[];
  /** The user's own words. */
  own: Set<string>;
  /** The documents' words for the glossary entries and phrases the question used. */
  expansions: Set<string>;
  /** What the answer's words look like, for a "when", "how many", "how often" or "who" question. */
  cue: RegExp | undefined;
}

export interface Hit {
  chunk: Chunk;
  score: number;
  /** Coverage of the question by the passage's best sentence. */
  best: number;
  /**
   * The share of belief the ranking learned from the passages' written questions puts on it (0..1,
   * over all passages searched), when it is among that ranking's candidates.
   */
  learned?: number;
}

export interface SearchOptions {
  /** Only these authorities' documents (a question that names one). */
  authorities?: string[];
  /** Preferred when the question names none. */
  homeAuthority?: string;
  limit?: number;
  /** The question already read (`query`), so a caller that needs it too reads it once. */
  query?: Query;
}

export interface BuildOptions {
  /** A corpus folder other than knowledge/corpus (its questions in its `questions/`). */
  dir?: string;
  documents?: SourceDocument[];
  authorities?: Authority[];
  questions?: PassageQuestions[];
  glossary?: Glossary;
  english?: EnglishFrequency;
  fusion?: Fusion;
}

/** What the passage model learns each passage from: its written questions, its text and its heading. */
function passageExamples(chunks: readonly Chunk[], questions: ReadonlyMap<number, string[]>): string[][] {
  return chunks.map((c, i) => [...(questions.get(i) ?? []), c.text, c.headingPath.at(-1) ?? '']);
}

/**
 * The corpus, ingested and indexed once. Search is BM25 (`bm25.ts`) with heading boosts, prefix
 * terms, mended typos and glossary expansion, then re-ranked by how much of the question the best
 * sentence of each passage covers.
 *
 * @example
 * const kb = KnowledgeBase.build();
 * kb.search('who do I tell if a CLA pupil is PEXd', { homeAuthority: 'Hillingdon' });
 */
export class KnowledgeBase {
  private readonly index = new Bm25Index(['text', 'heading', 'title'], indexTerms);
  /** The passage each of the passage index's documents is (passages of a few words are left out). */
  private readonly indexedPassage: number[] = [];
  private readonly idf = new Map<string, number>();
  /** Each authority's documents as one lower-case text, to look for a named thing ("Welfare Call"). */
  private readonly authorityText = new Map<string, string>();
  /** Every term each authority's documents use. */
  private readonly authorityVocabulary = new Map<string, Set<string>>();
  private readonly maxIdf: number;
  /** Sentences and list items indexed on their own, so one apt sentence in a long passage is found. */
  private readonly unitIndex = new Bm25Index(['text', 'heading'], indexTerms);
  private readonly unitPassage: number[] = [];
  /** The questions each passage answers, in staff's words, one entry per question. */
  private readonly questionIndex = new Bm25Index(['text'], indexTerms);
  private readonly questionPassage: number[] = [];
  private readonly questionsFor = new Map<Chunk, string[]>();
  /**
   * Which passage a question is about, learned from each passage's written questions and its text.
   * Set once: in the constructor, or by `buildAside` when the worker training it is done.
   */
  private passageModel: PassageModel;
  /** The questions written for a passage (none when its document has no questions file). */
  questionsOf(chunk: Chunk): readonly string[] {
    return this.questionsFor.get(chunk) ?? [];
  }
  /** How many passages have questions written for them. */
  readonly passagesWithQuestions: number;

  private constructor(
    readonly chunks: Chunk[],
    readonly authorities: Authority[],
    readonly glossary: Glossary,
    private readonly english: EnglishFrequency,
    questions: ReadonlyMap<number, string[]> = new Map(),
    private readonly fusion: Fusion = 'rrf',
    /** Trained elsewhere (`buildAside`): set when ready; until then nothing is ranked by it. */
    trainedElsewhere = false,
  ) {
    chunks.forEach((c, ci) => {
      // A passage of a few words (a bare link, a stray label) answers nothing; keep it out of the index.
      if (c.text.split(/\s+/).length >= 6) {
        this.index.add({ text: c.text, heading: c.headingPath.join(' '), title: `${c.title} ${c.authority}` });
        this.indexedPassage.push(ci);
      }
      for (const u of c.units) {
        if (u.split(/\s+/).length < 4) continue;
        this.unitIndex.add({ text: u, heading: c.headingPath.at(-1) ?? '' });
        this.unitPassage.push(ci);
      }
    });
    for (const [chunk, qs] of questions) {
      for (const text of qs) {
        this.questionIndex.add({ text });
        this.questionPassage.push(chunk);
      }
    }
    this.passagesWithQuestions = questions.size;
    for (const [chunk, qs] of questions) this.questionsFor.set(chunks[chunk]!, qs);
    this.passageModel = PassageModel.train(trainedElsewhere ? [] : passageExamples(chunks, questions));
    const df = new Map<string, number>();
    const texts = new Map<string, string[]>();
    for (const c of chunks) {
      const heading = c.headingPath.join(' ');
      const own = new Set(terms(`${c.text} ${heading}`));
      for (const t of own) df.set(t, (df.get(t) ?? 0) + 1);
      const vocabulary = this.authorityVocabulary.get(c.authority) ?? new Set<string>();
      for (const t of own) vocabulary.add(t);
      for (const t of this.documentTerms(c)) vocabulary.add(t);
      this.authorityVocabulary.set(c.authority, vocabulary);
      const text = texts.get(c.authority) ?? [];
      text.push(heading, c.text);
      texts.set(c.authority, text);
    }
    for (const [t, n] of df) this.idf.set(t, Math.log(1 + chunks.length / n));
    for (const [a, parts] of texts) this.authorityText.set(a, parts.join('\n').toLowerCase());
    const sorted = [...this.idf.values()].sort((a, b) => a - b);
    this.maxIdf = sorted.at(-1) ?? 1;
  }

  /**
   * The corpus in `knowledge/corpus` with the questions kept beside it, or the documents given
   * (with the questions given for them, if any).
   */
  static build(opts: BuildOptions = {}): KnowledgeBase {
    const { chunks, authorities, questions } = KnowledgeBase.read(opts);
    return new KnowledgeBase(chunks, authorities, opts.glossary ?? Glossary.load(), opts.english ?? EnglishFrequency.load(), questions, opts.fusion);
  }

  /**
   * The same, with the passage model trained in a worker thread while this one builds the BM25
   * indexes (`PassageModel.trainAside`): what the server does at start. On two cores the ×100
   * corpus builds in about two thirds of the time (BENCHMARKS.md); a corpus our size trains here.
   */
  static async buildAside(opts: BuildOptions = {}): Promise<KnowledgeBase> {
    const { chunks, authorities, questions } = KnowledgeBase.read(opts);
    const training = PassageModel.trainAside(passageExamples(chunks, questions));
    // Should the constructor throw, the worker's own failure is not left unhandled.
    training.catch(() => undefined);
    const kb = new KnowledgeBase(chunks, authorities, opts.glossary ?? Glossary.load(), opts.english ?? EnglishFrequency.load(), questions, opts.fusion, true);
    kb.passageModel = await training;
    return kb;
  }

  /** The passages, their authorities and their written questions, from the options. */
  private static read(opts: BuildOptions): { chunks: Chunk[]; authorities: Authority[]; questions: ReadonlyMap<number, string[]> } {
    const corpus = opts.documents ? { documents: opts.documents, authorities: opts.authorities ?? [] } : loadCorpus(opts.dir);
    const chunks = ingestCorpus(corpus.documents).flatMap((d) => d.chunks);
    const files = opts.questions ?? (opts.documents ? [] : corpus.documents.flatMap((d) => loadQuestionsFiles(d.meta.file, opts.dir)));
    return { chunks, authorities: opts.authorities ?? corpus.authorities, questions: questionsByChunk(chunks, files) };
  }

  idfOf(term: string): number {
    return this.idf.get(term) ?? Math.log(1 + this.chunks.length);
  }

  /** Authorities a question names, by their aliases ("Poole" is BCP). */
  authoritiesNamed(question: string): string[] {
    const q = ` ${question.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
    // "Bromleys" is how a hurried "Bromley's" is typed.
    const names = (al: string) => {
      const a = al.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
      return q.includes(` ${a} `) || q.includes(` ${a}s `);
    };
    return this.authorities.filter((a) => a.aliases.some(names)).map((a) => a.authority);
  }

  /**
   * A question as ideas with weights. The user's own words count fully; a glossary entry or
   * everyday phrase and the documents' words for it form one idea that any of them satisfies, so
   * re-sayings widen a match without drowning the rest of the question. A word the documents never
   * use counts only when nothing re-says it: then it is a sign the question is about something
   * they do not cover. Words in `drop` (the name of an authority the search is already limited to)
   * say nothing about which passage answers.
   */
  query(question: string, drop: ReadonlySet<string> = new Set()): Query {
    const own = words(question).map((w) => this.spelt(w));
    const groups: Array<{ said: Set<string>; phrases: string[][]; credits: Map<string, number> }> = [];
    for (const c of this.glossary.concepts(question)) {
      const phrases = c.said.map((x) => terms(x).filter((t) => this.idf.has(t))).filter((p) => p.length);
      const said = new Set(c.said.flatMap((x) => terms(x)));
      const credits = this.expansionCredits(c.expansion, c.kind);
      // Two entries that matched the same words ("SEN" the term, "SEN needs" the phrase) are one idea.
      const overlapping = groups.filter((g) => [...said].some((t) => g.said.has(t)));
      for (const g of overlapping) {
        g.said.forEach((t) => said.add(t));
        phrases.push(...g.phrases);
        for (const [t, v] of g.credits) credits.set(t, Math.max(v, credits.get(t) ?? 0));
        groups.splice(groups.indexOf(g), 1);
      }
      groups.push({ said, phrases, credits });
    }
    const concepts: Concept[] = [];
    const grouped = new Set(groups.flatMap((g) => [...g.said]));
    for (const g of groups) {
      const members = new Map(g.credits);
      // A word said alone is the idea; a phrase said ("permanently excluded") is it only whole.
      for (const p of g.phrases) if (p.length === 1) members.set(p[0]!, 1);
      const phrases = g.phrases.filter((p) => p.length > 1).map((p) => ({ terms: p.map((t) => ({ t, idf: this.idfOf(t) })) }));
      if (!members.size && !phrases.length) continue;
      const saidIdf = [...g.said].filter((t) => this.idf.has(t)).map((t) => this.idfOf(t));
      const expIdf = [...g.credits.keys()].map((t) => this.idfOf(t));
      const weight = saidIdf.length ? Math.max(...saidIdf) : expIdf.reduce((a, b) => a + b, 0) / expIdf.length;
      concepts.push({ weight, members, phrases });
    }
    for (const t of new Set(own)) {
      if (grouped.has(t) || drop.has(t)) continue;
      concepts.push({ weight: (this.idf.has(t) ? this.idfOf(t) : this.maxIdf) * this.english.telling(t), members: new Map([[t, 1]]), phrases: [] });
    }
    const expansions = new Set(groups.flatMap((g) => [...g.credits.keys()]));
    const cue = answerCue(question);
    // In "when does provision start?", "start" asks for a time, which the cue looks for: as a topic
    // word it would favour any sentence about starting ("before the start of placements").
    const asked = cue && isTimeQuestion(question) ? concepts.filter((c) => ![...c.members.keys()].some((t) => TIME_VERBS.has(t))) : concepts;
    return { concepts: asked.length ? asked : concepts, own: new Set(own.filter((t) => !drop.has(t))), expansions, cue };
  }

  /**
   * A word that is neither the documents' nor English is taken for a slip of the keyboard
   * ("seperate", "recomend") and read as the documents' word it is one or two letters from.
   */
  private spelt(word: string): string {
    const t = termOf(word);
    if (this.idf.has(t) || word.length < 5 || /\d/.test(word) || this.english.knows(word)) return t;
    // The nearest word is sought across the whole vocabulary: once per misspelling is enough.
    let mended = this.mended.get(word);
    if (mended === undefined) {
      mended = this.nearestTerm(t);
      // Bounded: users can type any number of distinct slips.
      if (this.mended.size >= 10_000) this.mended.clear();
      this.mended.set(word, mended);
    }
    return mended;
  }

  /** Misspellings already mended, as typed. */
  private readonly mended = new Map<string, string>();

  private nearestTerm(t: string): string {
    const reach = t.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = reach + 1;
    for (const v of this.idf.keys()) {
      if (Math.abs(v.length - t.length) > reach) continue;
      const d = editDistance(t, v, reach);
      // Among equally near words, the commoner one in the documents.
      if (d < bestDistance || (d === bestDistance && best && this.idfOf(v) < this.idfOf(best))) {
        best = v;
        bestDistance = d;
      }
    }
    return best ?? t;
  }

  /**
   * What each of the documents' words for an idea earns. Alternatives each say it whole; a
   * phrase is said by its telling words ("otherwise" in "education otherwise than at school"),
   * not by the common ones ("school").
   */
  private expansionCredits(expansion: string, kind: 'term' | 'everyday'): Map<string, number> {
    const known = [...new Set(terms(expansion))].filter((t) => this.idf.has(t));
    const top = Math.max(0, ...known.map((t) => this.idfOf(t)));
    return new Map(known.map((t) => [t, kind === 'everyday' ? EXPANSION_CREDIT : (EXPANSION_CREDIT * this.idfOf(t)) / top]));
  }

  /** Term sets of corpus passages and sentences, computed once: coverage runs per candidate per question. */
  private readonly termSets = new Map<string, Set<string>>();

  private termSet(text: string): Set<string> {
    let set = this.termSets.get(text);
    if (!set) {
      set = new Set(terms(text));
      if (this.termSets.size < 200_000) this.termSets.set(text, set);
    }
    return set;
  }

  /**
   * How much of the question's weight a piece of text covers, 0..1. `context` is what the reader
   * knows of the text besides its words: the document it is in ("the 2021 update").
   */
  coverage(query: Query, text: string, context?: ReadonlySet<string>): number {
    return this.coverageOf(query, context ? [this.termSet(text), context] : [this.termSet(text)]);
  }

  /** Which of the question's ideas (by index, with their share of its weight) a text says at least half of. */
  ideasCovered(query: Query, text: string): Map<number, number> {
    const total = query.concepts.reduce((n, c) => n + c.weight, 0) || 1;
    const set = this.termSet(text);
    const has = (t: string) => set.has(t);
    const out = new Map<number, number>();
    for (const [i, c] of query.concepts.entries()) if (credit(c, has) >= 0.5) out.set(i, c.weight / total);
    return out;
  }

  /** Coverage of the question by the words of several texts taken together (two sentences and their document). */
  private coverageOf(query: Query, haves: ReadonlyArray<ReadonlySet<string>>): number {
    const has = (t: string) => haves.some((h) => h.has(t));
    let total = 0;
    let got = 0;
    for (const c of query.concepts) {
      total += c.weight;
      got += c.weight * credit(c, has);
    }
    return total ? got / total : 0;
  }

  /** The words that name a chunk's document: its title, label, kind and year. */
  documentTerms(chunk: Chunk): ReadonlySet<string> {
    return this.termSet(`${chunk.title} ${chunk.label} ${chunk.kind} ${chunk.year}`);
  }

  /**
   * Telling words of the question ("Ofsted", "checklist", "2021") that other authorities'
   * documents use but these authorities' never do, with who does use them: asked of the wrong
   * authority, the honest answer is that its documents do not say.
   */
  absentFrom(question: string, authorities: string[], q: Query = this.query(question, this.authorityTerms(authorities))): Array<{ word: string; elsewhere: string[] }> {
    const vocab = authorities.map((a) => this.authorityVocabulary.get(a)).filter((v): v is Set<string> => Boolean(v));
    if (!vocab.length) return [];
    const has = (t: string) => vocab.some((v) => v.has(t));
    // A word whose idea the authority's documents put another way ("suspended" for "FTE") is not absent.
    const reSaid = new Set(q.concepts.filter((c) => c.members.size > 1 && [...c.members.keys()].some(has)).flatMap((c) => [...c.members.keys()]));
    const out: Array<{ word: string; elsewhere: string[] }> = [];
    for (const word of words(question)) {
      const t = termOf(word);
      if (!this.idf.has(t) || has(t) || reSaid.has(t) || this.english.telling(t) < ABSENT_TELLING || out.some((o) => termOf(o.word) === t)) continue;
      const elsewhere = [...this.authorityVocabulary].filter(([a, v]) => !authorities.includes(a) && v.has(t)).map(([a]) => a);
      // Shown as the user wrote it ("Ofsted", "2021/22"), not as it was indexed.
      const asTyped = question.match(new RegExp(`(?<![\\w])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\w/'’-]*`, 'i'))?.[0] ?? word;
      out.push({ word: asTyped, elsewhere });
    }
    // Names of things, capitalised mid-sentence ("Welfare Call", "Skills Hub"): one authority's
    // service asked of another, even when its words are everyday ones.
    for (const m of question.matchAll(/(?<=\S\s+)([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)/g)) {
      const name = m[1]!;
      const lower = name.toLowerCase();
      if (this.authoritiesNamed(name).length || authorities.some((a) => this.authorityText.get(a)?.includes(lower))) continue;
      const elsewhere = [...this.authorityText].filter(([a, text]) => !authorities.includes(a) && text.includes(lower)).map(([a]) => a);
      if (elsewhere.length) out.push({ word: name, elsewhere });
    }
    return out;
  }

  /** Words of the authorities a search is limited to, which every candidate passage already shares. */
  authorityTerms(authorities: string[]): Set<string> {
    return new Set(this.authorities.filter((a) => authorities.includes(a.authority)).flatMap((a) => [a.authority, ...a.aliases]).flatMap((x) => terms(x)));
  }

  search(question: string, opts: SearchOptions = {}): Hit[] {
    const only = opts.authorities?.length ? new Set(opts.authorities) : undefined;
    const q = opts.query ?? this.query(question, only ? this.authorityTerms([...only]) : undefined);
    if (!q.concepts.length) return [];
    const own = q.own;
    // The query is already tokenised and stemmed. Word endings are the user's: expansions are
    // already the documents' own words. Typos are mended before this (`spelt`), which costs less
    // than a fuzzy search and is as good on the dev set.
    const query: QueryTerm[] = [...new Set([...own, ...q.expansions])].map((t) => ({ term: t, boost: own.has(t) ? 1 : 0.6, prefix: own.has(t) && t.length >= 5 }));
    const within = (passage: number[]) => (only ? (doc: number) => only.has(this.chunks[passage[doc]!]!.authority) : undefined);
    const passages = this.index.search(query, { boost: { heading: 1.6, title: 0.3 }, keep: within(this.indexedPassage) }).map((r) => ({ ci: this.indexedPassage[r.doc]!, score: r.score }));
    const sentences = this.unitIndex.search(query, { boost: { heading: 0.5 }, keep: within(this.unitPassage) }).map((r) => ({ ci: this.unitPassage[r.doc]!, score: r.score }));
    const asked = this.questionIndex.search(query, { keep: within(this.questionPassage) }).map((r) => ({ ci: this.questionPassage[r.doc]!, score: r.score }));
    const learnedShare = new Map(this.passageModel.rankWithShare(question, QUESTION_CANDIDATES, only ? (ci) => only.has(this.chunks[ci]!.authority) : undefined));
    const learned = [...learnedShare.keys()];
    if (!passages.length && !sentences.length && !asked.length && !learned.length) return [];
    const questionScore = new Map<number, number>();
    for (const r of asked) {
      const ci = r.ci;
      if (!questionScore.has(ci)) questionScore.set(ci, r.score);
      if (questionScore.size >= QUESTION_CANDIDATES) break;
    }
    const passageScore = new Map<number, number>();
    const topP = passages[0]?.score ?? 1;
    for (const r of passages.slice(0, 40)) passageScore.set(r.ci, r.score / topP);
    const sentenceScore = new Map<number, number>();
    const topS = sentences[0]?.score ?? 1;
    for (const r of sentences.slice(0, 60)) {
      const ci = r.ci;
      sentenceScore.set(ci, Math.max(sentenceScore.get(ci) ?? 0, r.score / topS));
    }
    const candidates = new Set([...passageScore.keys(), ...sentenceScore.keys(), ...questionScore.keys(), ...learned]);
    const wantsFigure = /\b(how many|how much|number of|what percentage|rate|how often|when)\b/i.test(question);
    const ranked = [...candidates]
      .map((ci) => {
        const chunk = this.chunks[ci]!;
        const doc = this.documentTerms(chunk);
        const sets = chunk.units.map((u) => this.termSet(u));
        const cued = chunk.units.map((u) => Boolean(q.cue && hasAnswerKind(q.cue, u)));
        let best = 0;
        for (let i = 0; i < sets.length; i++) {
          best = Math.max(best, this.coverageOf(q, [sets[i]!, doc]) * (cued[i] ? 1 + CUE_BONUS : 1));
          // Two sentences together, a little discounted: "…the provision for children permanently
          // excluded. This provision is provided from the sixth day" answers "when does PEX provision start".
          if (i + 1 < sets.length) best = Math.max(best, PAIR_DISCOUNT * this.coverageOf(q, [sets[i]!, sets[i + 1]!, doc]) * (cued[i] || cued[i + 1] ? 1 + CUE_BONUS : 1));
        }
        const whole = this.coverage(q, chunk.text + ' ' + chunk.headingPath.join(' '), doc);
        const home = !only && opts.homeAuthority && chunk.authority.toLowerCase() === opts.homeAuthority.toLowerCase() ? 1.1 : 1;
        // "How many" and "when" are answered by passages with figures and dates. Cruder than the
        // sentence-level cue, but measured: folding it into the cue lost 2 of 120 at hit@3.
        const figures = wantsFigure && /\d/.test(chunk.text) ? 1.1 : 1;
        // The best sentence's coverage leads; BM25 over passages and sentences and the passage's
        // coverage as a whole break ties (weights compared on the dev and own question sets).
        const score = 0.15 * (passageScore.get(ci) ?? 0) + 0.25 * (sentenceScore.get(ci) ?? 0) + 0.45 * best + 0.15 * whole;
        return { ci, chunk, score: score * home * figures, best };
      })
      .sort((a, b) => b.score - a.score);
    return fuse(ranked, questionScore, this.fusion, learned)
      .slice(0, opts.limit ?? 10)
      .map(({ ci, chunk, score, best }) => ({ chunk, score, best, ...(learnedShare.has(ci) ? { learned: learnedShare.get(ci)! } : {}) }));
  }
}

/** Passages whose questions match best, taken as candidates beside the passage ranking's own. */
const QUESTION_CANDIDATES = 20;
/** Reciprocal rank fusion's usual constant: a place near the top of either ranking counts, none dominates. */
const RRF_K = 60;
/** A passage's best sentence covering this share of the question says all of it. */
const SAYS_IT_ALL = 0.9;
/** Linear fusion's weight on the questions' score (the earlier attempt's), kept to compare with. */
const LINEAR_QUESTION_WEIGHT = 0.3;

/** How the questions' ranking joins the passages' (compared side by side in `npm run eval -- --fusion=linear`). */
export type Fusion = 'rrf' | 'linear' | 'none';

/**
 * The passage ranking and the questions' ranking as one. Reciprocal rank fusion by default: it
 * reads only places, so it needs no weight fitted to either ranking's scores. Against linear fusion
 * (weight 0.3) on our own and held-out sets the two came within a question or two of each other
 * (figures in knowledge/eval/README.md).
 */
function fuse<T extends { ci: number; score: number; best: number }>(ranked: T[], questionScore: Map<number, number>, fusion: Fusion, learned: number[] = []): T[] {
  if (fusion === 'none' || (!questionScore.size && !learned.length)) return ranked;
  if (fusion === 'linear') {
    const top = Math.max(...questionScore.values());
    const topBase = ranked[0]?.score || 1;
    return ranked.map((h) => ({ ...h, score: h.score / topBase + LINEAR_QUESTION_WEIGHT * ((questionScore.get(h.ci) ?? 0) / top) })).sort((a, b) => b.score - a.score);
  }
  const place = new Map([...questionScore.entries()].sort((a, b) => b[1] - a[1]).map(([ci], i) => [ci, i + 1]));
  const learnedPlace = new Map(learned.map((ci, i) => [ci, i + 1]));

  const rrf = (places: Map<number, number>, ci: number) => (places.has(ci) ? 1 / (RRF_K + places.get(ci)!) : 0);
  return ranked
    // A passage with a sentence that says the whole question counts as first in one more list: the
    // two paraphrase rankings favour passages many questions ask about ("what is AP") and can bury
    // the one sentence that answers ("Funding is benchmarked regularly with a neighbouring borough").
    // As a fourth list ranked by that coverage it lost 1.4 points at hit@3; this way it moved nothing
    // on the 714 questions of our own and earlier blind sets and keeps such answers first.
    .map((h, i) => ({ ...h, score: 1 / (RRF_K + i + 1) + rrf(place, h.ci) + rrf(learnedPlace, h.ci) + (h.best >= SAYS_IT_ALL ? 1 / (RRF_K + 1) : 0) }))
    .sort((a, b) => b.score - a.score);
}

/** How much of one idea a text says, 0..1: its best word, or the share of a phrase it has. */
function credit(c: Concept, has: (t: string) => boolean): number {
  let best = 0;
  for (const [t, value] of c.members) if (value > best && has(t)) best = value;
  for (const p of c.phrases) {
    let all = 0;
    let present = 0;
    for (const { t, idf } of p.terms) {
      all += idf;
      if (has(t)) present += idf;
    }
    if (present / all > best) best = present / all;
  }
  return best;
}
