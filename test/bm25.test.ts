import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { Bm25Index, type QueryTerm } from '../knowledge/bm25.js';
import { ingestCorpus } from '../knowledge/ingest.js';
import { loadCorpus } from '../knowledge/metadata.js';
import { loadQuestionsFiles } from '../knowledge/questions.js';
import { terms } from '../knowledge/tokens.js';

const analyse = (token: string) => terms(token);
const q = (term: string, boost = 1, prefix = false): QueryTerm => ({ term, boost, prefix });

describe('Bm25Index', () => {
  const index = new Bm25Index(['text', 'heading'] as const, analyse);
  index.add({ text: 'Provision is arranged from the sixth day of a permanent exclusion', heading: 'Timescales' });
  index.add({ text: 'Schools fund short term placements and review them every six weeks', heading: 'Exclusion funding' });
  index.add({ text: 'Exclusion exclusion exclusion: the governors review the decision', heading: 'Governors' });

  it('finds documents by any query word, the one matching more of them first', () => {
    const found = index.search([q(terms('sixth')[0]!), q(terms('exclusion')[0]!)]);
    expect(found[0]!.doc).toBe(0);
    expect(found.map((m) => m.doc).sort()).toEqual([0, 1, 2]);
  });

  it('counts a word said often in a document, and a field boost moves a heading match up', () => {
    const term = terms('exclusions')[0]!;
    const order = index.search([q(term)]).map((m) => m.doc);
    // Both say it only in their text; the one that says it three times comes first.
    expect(order.indexOf(2)).toBeLessThan(order.indexOf(0));
    expect(index.search([q(term)], { boost: { heading: 0.1 } })[0]!.doc).toBe(2);
    expect(index.search([q(term)], { boost: { heading: 5 } })[0]!.doc).toBe(1);
  });

  it('matches longer words by prefix only when asked to, for less than the word itself', () => {
    expect(index.search([q('place')])).toEqual([]);
    const byPrefix = index.search([q('place', 1, true)]);
    expect(byPrefix.map((m) => m.doc)).toEqual([1]);
    const exact = index.search([q(terms('placements')[0]!)]);
    expect(byPrefix[0]!.score).toBeLessThan(exact[0]!.score);
  });

  it('leaves out what `keep` refuses, and a query term boost scales its score', () => {
    const term = terms('review')[0]!;
    expect(index.search([q(term)], { keep: (doc) => doc !== 1 }).map((m) => m.doc)).toEqual([2]);
    const full = index.search([q(term)])[0]!.score;
    expect(index.search([q(term, 0.5)])[0]!.score).toBeCloseTo(full / 2, 9);
  });

  it('ranks the corpus exactly as MiniSearch did, scores and all', () => {
    // The index replaced MiniSearch for build time only (BENCHMARKS.md): rankings must not move.
    const chunks = ingestCorpus(loadCorpus().documents.slice(0, 2)).flatMap((d) => d.chunks);
    const ours = new Bm25Index(['text', 'heading'] as const, analyse);
    const theirs = new MiniSearch<{ id: number; text: string; heading: string }>({
      fields: ['text', 'heading'],
      tokenize: (s) => s.split(/\s+/),
      processTerm: (t) => {
        const out = terms(t);
        return out.length ? out : null;
      },
    });
    chunks.forEach((c, id) => {
      ours.add({ text: c.text, heading: c.headingPath.join(' ') });
      theirs.add({ id, text: c.text, heading: c.headingPath.join(' ') });
    });
    const asked = loadCorpus()
      .documents.slice(0, 2)
      .flatMap((d) => loadQuestionsFiles(d.meta.file))
      .flatMap((f) => f.passages.flatMap((p) => p.questions))
      .filter((_, i) => i % 7 === 0);
    expect(asked.length).toBeGreaterThan(50);
    for (const question of asked) {
      const words = [...new Set(terms(question))];
      const boost = (t: string) => (t.length % 2 ? 1 : 0.6);
      const prefix = (t: string) => t.length >= 5;
      const want = theirs.search(words.join(' '), { tokenize: (s) => s.split(' '), processTerm: (t) => t, boostTerm: boost, prefix, boost: { heading: 1.6 } });
      const got = ours.search(
        words.map((t) => q(t, boost(t), prefix(t))),
        { boost: { heading: 1.6 } },
      );
      expect(got.slice(0, 20).map((m) => m.doc)).toEqual(want.slice(0, 20).map((r) => r.id));
      got.slice(0, 20).forEach((m, i) => expect(m.score).toBeCloseTo(want[i]!.score, 9));
    }
  });
});
