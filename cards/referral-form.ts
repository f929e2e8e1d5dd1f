import { SECTIONS, SECTION_ORDER, type SectionId } from '../referrals/schema.js';
import { type AdaptiveCard, type CardElement, card, execute, heading, text } from './adaptive.js';

export interface FormCardInput {
  draftId: string;
  version: number;
  section: SectionId;
  values: Record<string, unknown>;
  errors?: Record<string, string>;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const yesNoChoices = [
  { title: 'Yes', value: 'true' },
  { title: 'No', value: 'false' },
];
const YEAR_CHOICES = Array.from({ length: 15 }, (_, y) => ({ title: y === 0 ? 'Reception' : `Year ${y}`, value: String(y) }));

type Field = { id: string; label: string; kind: 'text' | 'long' | 'date' | 'yesno' | 'year' | 'number' | 'toggle'; required?: boolean; max?: number; placeholder?: string };

const FIELDS: Record<SectionId, Field[]> = {
  pupil: [
    { id: 'pupilName', label: 'Pupil\'s full name', kind: 'text', required: true, max: 100 },
    { id: 'dateOfBirth', label: 'Date of birth', kind: 'date', required: true },
    { id: 'yearGroup', label: 'Year group', kind: 'year', required: true },
    { id: 'upn', label: 'UPN (optional)', kind: 'text', max: 13, placeholder: 'e.g. A123456789012' },
    { id: 'school', label: 'School', kind: 'text', required: true, max: 120 },
  ],
  referrer: [
    { id: 'referrerName', label: 'Your name', kind: 'text', required: true, max: 100 },
    { id: 'referrerRole', label: 'Your role', kind: 'text', required: true, max: 80, placeholder: 'e.g. Head teacher, SENCO' },
    { id: 'referrerContact', label: 'Email or phone for the officer to reach you', kind: 'text', required: true, max: 120 },
  ],
  facts: [
    { id: 'hasEhcp', label: 'Does the pupil have an EHC plan? (an assessment in progress is not a plan)', kind: 'yesno', required: true },
    { id: 'lookedAfter', label: 'Is the pupil looked after by a local authority (in care)?', kind: 'yesno', required: true },
    { id: 'permanentlyExcluded', label: 'Has the pupil been permanently excluded?', kind: 'yesno', required: true },
    { id: 'exclusionStartDate', label: 'First day of the permanent exclusion', kind: 'date' },
    { id: 'suspensionDays', label: 'Length of the current suspension, in school days (0 if none)', kind: 'number' },
    { id: 'suspensionStartDate', label: 'First day of the current suspension (if any)', kind: 'date' },
    { id: 'termDatesText', label: "Your school's holidays or INSET days in the next few weeks (optional), so a deadline skips them", kind: 'text', max: 300, placeholder: 'e.g. 16/02/2026 to 20/02/2026, 02/03/2026' },
    { id: 'medicalNeeds', label: 'Do medical or mental health needs, or pregnancy, stop the pupil attending?', kind: 'yesno', required: true },
    { id: 'onSchoolRoll', label: 'Is the pupil on a school roll?', kind: 'yesno', required: true },
    { id: 'notInFullTimeEducation', label: 'Is the pupil on a reduced timetable or otherwise not in full-time education?', kind: 'yesno', required: true },
  ],
  request: [
    { id: 'reason', label: 'The reason for the referral, in your words', kind: 'long', required: true, max: 2000 },
    { id: 'requested', label: 'What are you asking the local authority for?', kind: 'long', required: true, max: 500 },
    { id: 'parentsInformed', label: 'Parents or carers have been told about this referral', kind: 'toggle', required: true },
    { id: 'pupilViews', label: 'The pupil\'s views (optional)', kind: 'long', max: 1000 },
  ],
};

function input(f: Field, value: unknown): CardElement {
  // Each input's own message, in the words of its kind: a choice is chosen, a box is filled in.
  const missing = f.kind === 'yesno' ? 'Choose Yes or No' : f.kind === 'year' ? 'Choose a year group' : f.kind === 'toggle' ? 'Tick this once parents or carers have been told' : f.kind === 'number' ? 'Give a number (0 if none)' : `${f.label} is required`;
  const base = { id: f.id, label: f.label, isRequired: Boolean(f.required), errorMessage: missing };
  switch (f.kind) {
    case 'text':
      return { type: 'Input.Text', ...base, value: str(value), maxLength: f.max, ...(f.placeholder ? { placeholder: f.placeholder } : {}) };
    case 'long':
      return { type: 'Input.Text', ...base, value: str(value), maxLength: f.max, isMultiline: true };
    case 'number':
      return { type: 'Input.Number', ...base, value: typeof value === 'number' ? value : 0, min: 0, max: 200 };
    case 'date':
      return { type: 'Input.Date', ...base, value: str(value) };
    case 'year':
      return { type: 'Input.ChoiceSet', ...base, style: 'compact', value: str(value), choices: YEAR_CHOICES };
    case 'yesno':
      return { type: 'Input.ChoiceSet', ...base, style: 'expanded', value: str(value), choices: yesNoChoices };
    case 'toggle':
      return { type: 'Input.Toggle', ...base, title: f.label, value: value === true ? 'true' : 'false', valueOn: 'true', valueOff: 'false' };
  }
}

/**
 * One section of the referral form. Values the user gave come back filled in, and each error
 * sits under the field it is about.
 */
export function referralFormCard(i: FormCardInput): AdaptiveCard {
  const step = SECTION_ORDER.indexOf(i.section);
  const body: CardElement[] = [
    heading(`AP referral: ${SECTIONS[i.section].title}`),
    text(`Step ${step + 1} of ${SECTION_ORDER.length}. Only what the local authority needs to act; it is kept securely and never logged.`, { isSubtle: true, size: 'Small' }),
  ];
  if (i.errors && Object.keys(i.errors).length) {
    body.push(text('Please correct the highlighted answers.', { color: 'Attention', weight: 'Bolder' }));
  }
  for (const f of FIELDS[i.section]) {
    body.push(input(f, i.values[f.id]));
    const err = i.errors?.[f.id];
    if (err) body.push(text(`⚠ ${err}`, { color: 'Attention', size: 'Small', spacing: 'None' }));
  }
  const data = { draftId: i.draftId, version: i.version, section: i.section };
  const actions = [execute('Continue', 'referral.save', data, { style: 'positive' })];
  if (step > 0) actions.push(execute('Back', 'referral.back', data, { associatedInputs: 'none' }));
  actions.push(execute('Discard draft', 'referral.discard', data, { associatedInputs: 'none', style: 'destructive' }));
  return card(body, actions);
}
