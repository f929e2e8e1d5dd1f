/**
 * The trained classifier the build keeps: the bot loads it instead of training on its first
 * message, and it must read every message exactly as one trained afresh from the same data would.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES, IntentClassifier, defaultExamples, trainingKey } from '../knowledge/intent.js';

const messages = [
  'my nan says i have to go live with her now cos dad keeps hitting mum',
  'how long has the council got to arrange provision after a permanent exclusion?',
  'can you write a letter to parents about the PRU trip',
];

describe('the kept classifier', () => {
  it('classifies as one freshly trained from the same data does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-'));
    const path = IntentClassifier.saveTrained(join(dir, 'model.json'));
    const fresh = IntentClassifier.train(defaultExamples());
    const kept = IntentClassifier.fromFile(path);
    expect(kept).toBeDefined();
    for (const m of messages) expect(kept!.scores(m)).toEqual(fresh.scores(m));
  });

  it('is not used once the data it was trained from has changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-'));
    const path = IntentClassifier.saveTrained(join(dir, 'model.json'));
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { key: string };
    expect(saved.key).toBe(trainingKey(defaultExamples(), DEFAULT_FEATURES));
    const changed = [...defaultExamples(), { text: 'a new example', label: 'ap' as const }];
    expect(IntentClassifier.fromFile(path, trainingKey(changed, DEFAULT_FEATURES))).toBeUndefined();
    writeFileSync(path, '{ damaged');
    expect(IntentClassifier.fromFile(path)).toBeUndefined();
  });
});
