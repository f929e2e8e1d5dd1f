/**
 * The trained classifier the build keeps: the bot loads it instead of training on its first
 * message, and it must read every message exactly as one trained afresh from the same data would.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES, IntentClassifier, defaultExamples, trainingKey } from '../knowledge/intent.js';

const messages = [
  'my nan says i have to go live with her now cos dad keeps hitting mum',
  'how long has the council got to arrange provision after a permanent exclusion?',
  'can you write a letter to parents about the PRU trip',
];

describe('the kept classifier', () => {
  let fresh: IntentClassifier;
  let path: string;
  beforeAll(() => {
    // Training takes seconds: once for the file.
    fresh = IntentClassifier.train(defaultExamples());
    path = IntentClassifier.saveTrained(join(mkdtempSync(join(tmpdir(), 'intent-')), 'model.json'), fresh);
  }, 120_000);

  it('classifies as the classifier it was saved from does', () => {
    const kept = IntentClassifier.fromFile(path);
    expect(kept).toBeDefined();
    for (const m of messages) {
      expect(kept!.scores(m)).toEqual(fresh.scores(m));
      expect(kept!.kind(m)).toBe(fresh.kind(m));
    }
  });

  it('trains the same classifier from the same data every time, so a kept copy can stand for it', () => {
    const again = IntentClassifier.train(defaultExamples());
    for (const m of messages) expect(again.kind(m)).toBe(fresh.kind(m));
  }, 120_000);

  it('is not used once the data it was trained from has changed', () => {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { key: string };
    expect(saved.key).toBe(trainingKey(defaultExamples(), DEFAULT_FEATURES));
    const changed = [...defaultExamples(), { text: 'a new example', label: 'ap' as const }];
    expect(IntentClassifier.fromFile(path, trainingKey(changed, DEFAULT_FEATURES))).toBeUndefined();
    const damaged = join(mkdtempSync(join(tmpdir(), 'intent-')), 'model.json');
    writeFileSync(damaged, '{ damaged');
    expect(IntentClassifier.fromFile(damaged)).toBeUndefined();
  });
});
