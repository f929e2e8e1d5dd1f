import { describe, expect, it } from 'vitest';
import { GuidanceAnswerer } from '../knowledge/answer.js';
import { ingestDocument } from '../knowledge/ingest.js';
import { KnowledgeBase } from '../knowledge/kb.js';
import type { SourceDocument } from '../knowledge/metadata.js';
import { questionsByChunk, type PassageQuestions } from '../knowledge/questions.js';

/** A small guidance document whose wording staff would not use. */
const doc: SourceDocument = {
  meta: { file: 'town.txt', authority: 'Town', authorityFull: 'Town Council', title: 'AP Guidance', year: 2025, kind: 'guidance', label: 'Town AP Guidance 2025' },
  raw: [
    '1. Commissioning',
    '',
    '1.1 Schools commissioning alternative provision retain responsibility for safeguarding and for the pupil on their roll.',
    '',
    '1.2 Where a pupil is permanently excluded, the Exclusions and Reintegration Team will be informed by the head teacher within one school day.',
    '',
    '1.3 Providers are visited termly by the quality assurance officer, who reviews attendance, progress and safeguarding records.',
    '',
    '1.4 Funding for placements is drawn from the high needs block and agreed annually at the Schools Forum.',
  ].join('\n'),
};
const authorities = [{ authority: 'Town', authorityFull: 'Town Council', aliases: ['town'] }];
const passage = (kb: KnowledgeBase, paragraph: string) => kb.chunks.find((c) => c.paragraph === paragraph)!;

function questionsFor(kb: KnowledgeBase, byParagraph: Record<string, string[]>): PassageQuestions {
  return {
    document: 'Town AP Guidance 2025',
    file: 'town.txt',
    writtenBy: 'this test',
    passages: Object.entries(byParagraph).map(([p, questions]) => {
      const c = passage(kb, p);
      return { id: c.id, paragraph: p, starts: c.text.split(' ').slice(0, 8).join(' '), questions };
    }),
  };
}

describe('questions written for each passage', () => {
  const plain = KnowledgeBase.build({ documents: [doc], authorities });
  const written = questionsFor(plain, {
    '1.2': ['kid got kicked out for good, who do we let know and how fast', 'pex - who needs telling?'],
    '1.3': ['does anyone ever pop round to look at the AP setting'],
    '1.4': ['who foots the bill for AP'],
  });
  const withQuestions = KnowledgeBase.build({ documents: [doc], authorities, questions: [written] });
  const asked = 'so who actually foots the bill for AP?';

  it('finds the passage a staff question means when it shares none of its words', () => {
    expect(withQuestions.search(asked)[0]?.chunk.paragraph).toBe('1.4');
    // The same question without the written questions: the passage is not found first.
    expect(plain.search(asked)[0]?.chunk.paragraph).not.toBe('1.4');
  });

  it('answers such a question from that passage', async () => {
    const q = 'does anybody pop round to look at our AP setting?';
    const a = await new GuidanceAnswerer(withQuestions, { cacheSize: 0 }).answer(q);
    expect(a.answered).toBe(true);
    expect(a.citations[0]?.paragraph).toBe('1.3');
    expect(a.text).toMatch(/visited termly/);
    expect((await new GuidanceAnswerer(plain, { cacheSize: 0 }).answer(q)).citations[0]?.paragraph).not.toBe('1.3');
  });

  it('keeps each passage its own questions when the passages are numbered afresh, and drops those of a passage that has gone', () => {
    const chunks = ingestDocument(doc).chunks;
    const renumbered = { ...written, passages: written.passages.map((p) => ({ ...p, id: `town.txt#${Number(p.id.split('#')[1]) + 7}` })) };
    const gone = { ...written, passages: [...written.passages, { id: 'town.txt#1', paragraph: '9.9', starts: 'A passage no longer in the document', questions: ['orphan?'] }] };
    const byChunk = questionsByChunk(chunks, [renumbered]);
    expect(chunks[[...byChunk.keys()].find((i) => byChunk.get(i)!.includes('pex - who needs telling?'))!]!.paragraph).toBe('1.2');
    expect([...questionsByChunk(chunks, [gone]).values()].flat()).not.toContain('orphan?');
  });
});
