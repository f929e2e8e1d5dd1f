/**
 * Routing input at the CLI and eval boundary: camelCase fields, with the snake_case names the
 * evaluation files use accepted as aliases.
 */
const ALIASES: Record<string, string> = {
  age: 'ageYears',
  age_years: 'ageYears',
  year_group: 'yearGroup',
  has_ehcp: 'hasEhcp',
  looked_after: 'lookedAfter',
  permanently_excluded: 'permanentlyExcluded',
  exclusion_first_day: 'exclusionStartDate',
  exclusion_start_date: 'exclusionStartDate',
  suspended_days: 'suspensionDays',
  suspension_days: 'suspensionDays',
  medical_needs: 'medicalNeeds',
  on_school_roll: 'onSchoolRoll',
  not_in_full_time_education: 'notInFullTimeEducation',
  suspension_start_date: 'suspensionStartDate',
  suspension_first_day: 'suspensionStartDate',
  term_dates: 'termDates',
};

export function normaliseFactNames(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[ALIASES[k] ?? k] = v;
  return out;
}
