import { describe, expect, it } from 'vitest';
import { citeParagraphs, reasonsOf } from '../routing/explain.js';
import { route } from '../routing/engine.js';

describe('routing reasons in words', () => {
  it.each([
    ['003 §5.6', 'Hillingdon AP Guidance 2024/25, 5.6'],
    ['003 §6.3, §5.4', 'Hillingdon AP Guidance 2024/25, 6.3 and 5.4'],
    ['003 §5.6-5.8, §9.7', 'Hillingdon AP Guidance 2024/25, 5.6–5.8 and 9.7'],
  ])('cites %s by the document a reader can find', (ref, words) => {
    expect(citeParagraphs(ref)).toBe(words);
  });

  it('gives every fired rule in words with its document, and never a rule code or file number', () => {
    const r = route({ ageYears: 14, yearGroup: 9, hasEhcp: true, lookedAfter: true, permanentlyExcluded: true, exclusionStartDate: '2026-03-06', medicalNeeds: false, onSchoolRoll: true, reason: '' });
    const reasons = reasonsOf(r);
    expect(reasons.map((x) => x.kind)).toEqual(expect.arrayContaining(['primary', 'copy', 'duty', 'deadline']));
    for (const x of reasons) {
      expect(x.source).toMatch(/^Hillingdon AP Guidance 2024\/25, \d/);
      expect(`${x.words} ${x.source}`).not.toMatch(/\b(P|C|D|DL)\d\b|\b003\b|§/);
    }
  });
});
