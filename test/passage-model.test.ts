import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PassageModel } from '../knowledge/passage-model.js';

describe('PassageModel', () => {
  const model = PassageModel.train([
    ['when does pex provision start', 'kid permanently excluded - day 6 or day 1?', 'The provision is provided from the sixth day of the exclusion.'],
    ['who pays for a tier 2 placement', 'does the school fund short term AP', 'Schools commission and fund tier two placements.'],
    [],
  ]);

  it('ranks the passage whose questions share the asker\'s words, though no single question matches', () => {
    // "kid", "pex" and "day 6" come from different questions of the first passage.
    expect(model.rank('kid got a pex, is it day 6?', 3)[0]).toBe(0);
    expect(model.rank('who funds short term placements', 3)[0]).toBe(1);
  });

  it('never ranks a passage with no examples, nor one the filter leaves out, and gives nothing for unknown words', () => {
    expect(model.rank('pex provision day', 3)).not.toContain(2);
    expect(model.rank('pex provision day', 3)).toContain(0);
    expect(model.rank('pex provision day', 3, (p) => p !== 0)).not.toContain(0);
    expect(model.rank('zebra xylophone', 3)).toEqual([]);
  });

  it('puts most of its belief on a passage only when the question reads like that passage\'s questions', () => {
    const six = PassageModel.train([
      ['when does pex provision start', 'kid permanently excluded - day 6?'],
      ['who pays for a tier 2 placement', 'does the school fund short term AP'],
      ['what checks for an unregistered provider', 'is a visit needed for a new provider'],
      ['how long for a review of the placement', 'when is a placement reviewed'],
      ['who to call for a missing pupil', 'what if a pupil on AP is absent'],
      ['what data for the termly return', 'what do we send the LA each term'],
    ]);
    const sure = six.rankWithShare('when does pex provision start for a kid', 3);
    expect(sure[0]![0]).toBe(0);
    expect(sure[0]![1]).toBeGreaterThan(0.9);
    // One everyday word ("for") shared with four passages' questions is no reason to believe in any.
    const vague = six.rankWithShare('best football team for tomorrow', 3);
    expect(Math.max(...vague.map(([, share]) => share))).toBeLessThan(0.5);
  });
});

describe('PassageModel trained elsewhere', () => {
  const examples = [
    ['when does pex provision start', 'kid permanently excluded - day 6?'],
    ['who pays for a tier 2 placement', 'does the school fund short term AP'],
    ['what checks for an unregistered provider', 'is a visit needed for a new provider'],
  ];
  const asked = ['pex day 6?', 'who funds short term placements', 'visit to a provider', 'tier 2 pex'];

  it('ranks the same after its data is passed on (as from a worker thread)', () => {
    const model = PassageModel.train(examples);
    const copy = PassageModel.fromData(structuredClone(model.toData()));
    for (const q of asked) expect(copy.rankWithShare(q, 3)).toEqual(model.rankWithShare(q, 3));
  });

  it('trains a large corpus in a worker thread to the same model as in this one', async () => {
    // The worker runs compiled JavaScript, so this uses the build (`npm ci` makes it).
    const { PassageModel: Compiled } = (await import('../dist/knowledge/passage-model.js' as string)) as typeof import('../knowledge/passage-model.js');
    // Enough example texts for the worker to be used: 3,000 passages of 10.
    const large = Array.from({ length: 3000 }, (_, p) => Array.from({ length: 10 }, (_, i) => `${examples[p % 3]![i % 2]} number ${p} part ${i}`));
    const here = Compiled.train(large);
    const aside = await Compiled.trainAside(large);
    for (const q of [...asked, 'number 17 part 3', 'pex number 2999']) expect(aside.rankWithShare(q, 5)).toEqual(here.rankWithShare(q, 5));
  });

  it('trains in this thread when the worker fails, so the index is still built', async () => {
    const failing = join(mkdtempSync(join(tmpdir(), 'ap-worker-')), 'fails.mjs');
    writeFileSync(failing, "throw new Error('no memory');\n");
    const large = Array.from({ length: 3000 }, (_, p) => Array.from({ length: 10 }, (_, i) => `${examples[p % 3]![i % 2]} number ${p} part ${i}`));
    const aside = await PassageModel.trainAside(large, failing);
    expect(aside.rankWithShare('pex number 17', 5)).toEqual(PassageModel.train(large).rankWithShare('pex number 17', 5));
  });
});
