import { z } from 'zod';
import { dayMonthYear } from '../common/dates.js';
import { isoDate, parseClosures } from '../routing/calendar.js';

/**
 * The single definition of a referral: only what an officer needs to act. Each field belongs to a
 * form section, so a section can be validated and re-shown on its own.
 */
const text = (max: number, label: string) => z.string().trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`);
const optionalText = (max: number, label: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max, `${label} must be at most ${max} characters`).optional());
const yesNo = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ error: 'choose yes or no' }));

export const pupilSection = z.object({
  pupilName: text(100, 'Pupil name'),
  dateOfBirth: isoDate,
  yearGroup: z.coerce.number({ error: 'choose a year group' }).int().min(0, 'choose a year group').max(14, 'choose a year group'),
  upn: optionalText(13, 'UPN').refine((v) => v === undefined || /^[A-Z]\d{11}[0-9A-Z]$/.test(v), 'a UPN is a letter, 11 digits and a final letter or digit (13 characters)'),
  school: text(120, 'School'),
});

export const referrerSection = z.object({
  referrerName: text(100, 'Your name'),
  referrerRole: text(80, 'Your role'),
  referrerContact: text(120, 'How to reach you').refine((v) => /@|\d{5,}/.test(v.replace(/\s/g, '')), 'give an email address or a phone number'),
});

export const factsSection = z.object({
  hasEhcp: yesNo,
  lookedAfter: yesNo,
  permanentlyExcluded: yesNo,
  exclusionStartDate: z.preprocess((v) => (v === '' ? null : v), isoDate.nullable().default(null)),
  suspensionDays: z.coerce.number({ error: 'give a number of days' }).int().min(0, 'cannot be negative').max(200, 'at most 200 days'),
  /** First day of the current suspension: the school's sixth-day duty is dated from it. */
  suspensionStartDate: z.preprocess((v) => (v === '' || v === undefined ? null : v), isoDate.nullable().default(null)),
  /** The school's own holidays and INSET days, so a deadline skips them (academies set their own). */
  termDatesText: optionalText(300, 'School holidays').superRefine((v, ctx) => {
    const r = v === undefined ? undefined : parseClosures(v);
    if (r && !r.ok) ctx.addIssue({ code: 'custom', message: `${r.error}; separate dates with commas` });
  }),
  medicalNeeds: yesNo,
  onSchoolRoll: yesNo,
  notInFullTimeEducation: yesNo,
});

export const requestSection = z.object({
  reason: text(2000, 'The reason'),
  requested: text(500, 'What you are asking for'),
  parentsInformed: z.preprocess((v) => (v === 'true' ? true : v === 'false' || v === undefined || v === '' ? false : v), z.literal(true, { error: 'parents or carers must be informed before a referral is made' })),
  pupilViews: optionalText(1000, 'The pupil\'s views'),
});

export const SECTIONS = {
  pupil: { schema: pupilSection, title: 'The pupil' },
  referrer: { schema: referrerSection, title: 'You' },
  facts: { schema: factsSection, title: 'What routes the referral' },
  request: { schema: requestSection, title: 'The reason and the request' },
} as const;
export type SectionId = keyof typeof SECTIONS;
export const SECTION_ORDER: SectionId[] = ['pupil', 'referrer', 'facts', 'request'];

export const referralSchema = pupilSection.and(referrerSection).and(factsSection).and(requestSection);
export type Referral = z.output<typeof referralSchema>;

/** Age in whole years on a date. */
export function ageOn(dob: string, on: string): number {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  const [Y, M, D] = on.split('-').map(Number) as [number, number, number];
  return Y - y - (M < m || (M === m && D < d) ? 1 : 0);
}

/**
 * Checks that need more than one field or today's date: a date of birth in the past that fits
 * the year group (an English year group is fixed by age on 31 August), and an exclusion date
 * that is not in the future by more than a school holiday.
 */
export function crossCheck(section: SectionId, values: Record<string, unknown>, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (section === 'pupil' && typeof values.dateOfBirth === 'string' && typeof values.yearGroup === 'number') {
    if (values.dateOfBirth >= today) errors.dateOfBirth = 'the date of birth must be in the past';
    else {
      const [ty, tm] = today.split('-').map(Number) as [number, number];
      const academicStart = tm >= 9 ? ty : ty - 1;
      const ageOnAug31 = ageOn(values.dateOfBirth, `${academicStart}-08-31`);
      const expectedYear = ageOnAug31 - 4;
      if (Math.abs(expectedYear - values.yearGroup) > 1) {
        errors.dateOfBirth = `a pupil born on ${dayMonthYear(values.dateOfBirth)} would be in ${expectedYear <= 0 ? 'Reception or below' : `Year ${expectedYear}`}, not ${values.yearGroup === 0 ? 'Reception' : `Year ${values.yearGroup}`}: check the date or the year group`;
      }
    }
  }
  if (section === 'facts') {
    if (values.permanentlyExcluded === true && !values.exclusionStartDate) errors.exclusionStartDate = 'give the first day of the permanent exclusion';
    if (typeof values.exclusionStartDate === 'string') {
      const limit = new Date(Date.parse(today) + 30 * 86_400_000).toISOString().slice(0, 10);
      if (values.exclusionStartDate > limit) errors.exclusionStartDate = 'the exclusion cannot start more than 30 days from today';
      if (values.permanentlyExcluded !== true) errors.exclusionStartDate = 'only give an exclusion date for a permanent exclusion';
    }
    if (typeof values.suspensionStartDate === 'string') {
      const limit = new Date(Date.parse(today) + 30 * 86_400_000).toISOString().slice(0, 10);
      if (values.suspensionStartDate > limit) errors.suspensionStartDate = 'the suspension cannot start more than 30 days from today';
      if (!(typeof values.suspensionDays === 'number' && values.suspensionDays > 0)) errors.suspensionStartDate = 'give the length of the suspension too, or leave the date empty';
    }
  }
  return errors;
}

/** Validates one section; errors are keyed by field so the card can show each next to its input. */
export function validateSection(section: SectionId, input: Record<string, unknown>, today: string):
  | { ok: true; values: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> } {
  const parsed = SECTIONS[section].schema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) {
      const key = String(i.path[0] ?? 'form');
      errors[key] ??= i.message.startsWith('Invalid') ? 'this answer is not valid' : i.message;
    }
    return { ok: false, errors };
  }
  const errors = crossCheck(section, parsed.data as Record<string, unknown>, today);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values: parsed.data as Record<string, unknown> };
}
