import { beforeAll, describe, expect, it } from 'vitest';
import { GuidanceAnswerer } from '../knowledge/answer.js';
import { requiredAnswer } from '../knowledge/cues.js';
import { KnowledgeBase } from '../knowledge/kb.js';
import type { SourceDocument } from '../knowledge/metadata.js';
import type { PassageQuestions } from '../knowledge/questions.js';

const authorities = [{ authority: 'Town', authorityFull: 'Town Council', aliases: ['town'] }];
const documentOf = (...paragraphs: string[]): SourceDocument => ({
  meta: { file: 'town.txt', authority: 'Town', authorityFull: 'Town Council', title: 'AP Guidance', year: 2025, kind: 'guidance', label: 'Town AP Guidance 2025' },
  raw: ['1. Guidance', '', ...paragraphs.flatMap((p) => [p, ''])].join('\n'),
});
/** An answerer over one small document, with questions written for some of its passages (by paragraph). */
function answererFor(paragraphs: string[], written: Record<string, string[]> = {}): GuidanceAnswerer {
  const documents = [documentOf(...paragraphs)];
  const plain = KnowledgeBase.build({ documents, authorities });
  const questions: PassageQuestions = {
    document: 'Town AP Guidance 2025',
    file: 'town.txt',
    writtenBy: 'this test',
    passages: Object.entries(written).map(([p, qs]) => {
      const c = plain.chunks.find((x) => x.paragraph === p)!;
      return { id: c.id, paragraph: p, starts: c.text.slice(0, 40), questions: qs };
    }),
  };
  return new GuidanceAnswerer(KnowledgeBase.build({ documents, authorities, questions: [questions] }), { cacheSize: 0 });
}

describe('what the offline answer quotes', () => {
  it('leads a "how many" question with the passage that gives the figure, even when another matches its words better', async () => {
    const a = await answererFor(
      [
        '1.1 Children in EOTAS arrangements are reviewed by the EOTAS panel, and EOTAS children keep a named officer at the council.',
        '1.2 Last year, 65 children were in EOTAS arrangements, up from 40.',
      ],
      { '1.1': ['how many eotas children are there', 'who reviews eotas kids'] },
    ).answer('how many children are in EOTAS arrangements?');
    expect(a.answered).toBe(true);
    expect(a.citations[0]?.paragraph).toBe('1.2');
    expect(a.text).toMatch(/^Town AP Guidance 2025, 1\.2: Last year, 65 children/);
  });
});

describe('a question that asks two things', () => {
  it('says plainly which part the documents do not answer', async () => {
    const a = await answererFor([
      '1.1 Placements in alternative provision are agreed by the Fair Access Panel, which meets with head teachers.',
      '1.2 The Fair Access Panel also reviews each placement with the school that made it.',
    ]).answer('who agrees AP placements and by when?');
    expect(a.answered).toBe(true);
    expect(a.text).toMatch(/Fair Access Panel/);
    expect(a.text).toMatch(/The documents I hold don't say by when\./);
  });
});

describe('answers from the documents as held', () => {
  let real: GuidanceAnswerer;
  beforeAll(() => {
    real = new GuidanceAnswerer(KnowledgeBase.build(), { homeAuthority: 'Hillingdon', cacheSize: 0 });
  });

  it('reads numbers in words as figures: "six themes" answers "how many"', async () => {
    const a = await real.answer("how many themes does Bromley's quality assurance framework cover?");
    expect(a.answered).toBe(true);
    expect(a.text).toMatch(/covers six themes/);
    expect(requiredAnswer('how many caseworkers?')!.re.test('two caseworkers to manage the expanded FAP meetings')).toBe(true);
    // A date is not a count, in figures or not.
    expect(requiredAnswer('how many caseworkers?')!.re.test('Date: Tuesday 23 March 2021')).toBe(false);
  });

  it('brings the list a sentence ending in a colon introduces, from the passages after it, each cited', async () => {
    const a = await real.answer('What is the three-tier model in Bury?');
    expect(a.text).toMatch(/three-tiered system of support \[1\]: Targeted support in mainstream schools[^\]]*\[\d\]; Time-limited placements[^\]]*\[\d\]; Transitional Placements[^\]]*\[\d\]/);
    // Each tier's marker is the passage it is quoted from.
    for (const [, words, n] of a.text.matchAll(/(?:: |; )(Targeted|Time-limited|Transitional)[^\]]*\[(\d)\]/g)) expect(a.citations[Number(n) - 1]!.text.startsWith(words!)).toBe(true);
  });

  it('keeps a numbered list item whole', async () => {
    const a = await real.answer("how many themes does Bromley's quality assurance framework cover?");
    expect(a.text).toMatch(/covers six themes: 1\. Quality of Education; 2\. Safeguarding; 3\. Health and Safety/);
  });

  it('reads a table row with its column headers, and a comparison with both rows, each cited', async () => {
    const one = await real.answer("what was attendance in autumn 2025-26 at Bromley's behaviour outreach service?");
    expect(one.text).toMatch(/Autumn 2025-26: Attendance 74\.1%, Absence 25\.9%, Unauthorised absence 13\.0% \[1\]/);
    const both = await real.answer('how does attendance in autumn 2025-26 compare with autumn 2024-25 in Bromley?');
    expect(both.text).toMatch(/Autumn 2025-26: Attendance 74\.1%.*Autumn 2024-25: Attendance 69\.7%, Absence 30\.3%, Unauthorised absence 14\.6% \[(\d)\]/);
    const n = Number(/Autumn 2024-25: [^\]]*\[(\d)\]/.exec(both.text)![1]);
    expect(both.citations[n - 1]!.text).toContain('Autumn | 2024-25 | 69.7%');
  });

  it('answers "who do I tell and by when?" with the sentence holding each', async () => {
    const a = await real.answer('A looked after child has been permanently excluded: who do I tell and by when?');
    // When: the sixth day (first day for a looked after child), Hillingdon 5.6.
    expect(a.text).toMatch(/5\.6: .*provided from the sixth day of the exclusion \(or first day for a child looked after/);
    // Who: the Virtual School Officer and the child's social worker, Hillingdon 6.3, with its own citation.
    const who = /6\.3: [^\]]*Virtual School Officer and the child's social worker\. \[(\d)\]/.exec(a.text);
    expect(who).not.toBeNull();
    expect(a.citations[Number(who![1]) - 1]).toMatchObject({ authority: 'Hillingdon', paragraph: '6.3' });
  });

  it('cuts a long quote at a clause boundary, never mid-clause or mid-word', async () => {
    let cut = 0;
    for (const t of real.kb.glossary.terms) {
      const a = await real.answer(`what does ${t.aliases[0]} mean?`);
      const quote = /In the documents: "(.*)" \[1\]/s.exec(a.text)?.[1];
      if (!quote?.endsWith('…')) continue;
      cut++;
      const kept = quote.slice(0, -1);
      const source = a.citations[0]!.text.replace(/\s+/g, ' ');
      expect(source, t.term).toContain(kept);
      expect(source.slice(source.indexOf(kept) + kept.length), t.term).toMatch(/^(?:[,;:]| [–—-] )/);
    }
    expect(cut).toBeGreaterThan(0);
  });
});
