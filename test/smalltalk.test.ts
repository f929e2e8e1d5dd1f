import { describe, expect, it } from 'vitest';
import { smallTalk } from '../knowledge/smalltalk.js';

describe('smallTalk', () => {
  it.each([
    ['hi there!', 'greeting'],
    ['Good afternoon everyone', 'greeting'],
    ['hiya', 'greeting'],
    ['Thank you so much!', 'thanks'],
    ['ta very much', 'thanks'],
    ['thanks, that’s brilliant', 'thanks'],
    ['What can you help me with?', 'help'],
    ['who are you', 'help'],
  ] as const)('reads %j as %s', (said, kind) => {
    expect(smallTalk(said)).toBe(kind);
  });

  it.each(['hi, who commissions AP in Bury?', 'good morning, a year 9 told me her dad hits her', 'thanks - and when does the panel meet?', 'ok', 'what is a PRU?'])(
    'leaves %j to be read as a question or a concern',
    (said) => {
      expect(smallTalk(said)).toBeUndefined();
    },
  );
});
