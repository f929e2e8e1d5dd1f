import { describe, expect, it } from 'vitest';
import { findPersonalDetails, identifiesSomeone, redactPersonalDetails } from '../knowledge/personal.js';

const kinds = (t: string) => findPersonalDetails(t, new Set(['virtual', 'fair', 'access', 'hayes', 'ashgrove'])).map((d) => d.kind);

describe('personal details in a message', () => {
  it.each([
    ['Kai Brennan at 4 Orchard Close, HA4 9XY — is he eligible?', ['name', 'address', 'postcode']],
    ['her mum is on 07700 900123 if you need it', ['phone']],
    ['email dad at p.jones@example.org', ['email']],
    ['dob 14/02/2012, year 8', ['dateOfBirth']],
    ['she was born on 3 April 2011', ['dateOfBirth']],
    ['UPN H801200001001 on the referral', ['upn']],
    ['NHS number 943 476 5919', ['nhsNumber']],
    ['flat 2, 17 Mill Lane', ['address']],
    ['a girl called Maisie in Y10', ['name']],
    ['Does Ava Okafor qualify for the Virtual School?', ['name']],
  ])('%s', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it.each([
    'Who runs the Virtual School in Hillingdon?',
    'What does Fair Access mean for year 9?',
    'Is BTA Hayes for primary or secondary pupils?',
    'How many school days before the sixth day of a suspension?',
    'The 2024/25 guidance, paragraph 5.6, says 6 days',
    'Can we use Ashgrove from day 6?',
  ])('finds nothing in an ordinary question: %s', (text) => {
    expect(kinds(text)).toEqual([]);
  });

  it('says when a message identifies a pupil, and not when it names an officer', () => {
    expect(identifiesSomeone('Jane Smith in 9B lives at 12 High Street, can she go to the PRU?')).toBe(true);
    expect(identifiesSomeone('Can Tyler Marsh in 10C be referred for medical AP?')).toBe(true);
    expect(identifiesSomeone('Leo Grant, mobile 07700 900456')).toBe(true);
    expect(identifiesSomeone('Is Priya Shah still the chair of the panel?')).toBe(false);
    expect(identifiesSomeone('what is the deadline for a permanent exclusion?')).toBe(false);
  });

  it('redacts the details and keeps the general question', () => {
    const t = 'Jane Smith in 9B lives at 12 High Street, UB8 1AB, can she go to the PRU?';
    const r = redactPersonalDetails(t);
    expect(r).not.toMatch(/Jane|Smith|12 High Street|UB8/);
    expect(r).toMatch(/can she go to the PRU\?$/);
  });
});
