import { describe, expect, it } from 'vitest';
import { stem } from '../knowledge/stem.js';

describe('stemming', () => {
  it('brings the forms of a word staff use together, and leaves numbers and short words alone', () => {
    expect(stem('exclusions')).toBe(stem('exclusion'));
    expect(stem('excluded')).toBe(stem('excluding'));
    expect(stem('placements')).toBe(stem('placement'));
    expect(stem('referrals')).toBe(stem('referral'));
    expect(stem('2024')).toBe('2024');
    expect(stem('ap')).toBe('ap');
  });
});
