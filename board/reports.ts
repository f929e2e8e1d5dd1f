import type { CaseStatus, ReportSeries, TeamId } from './source.js';

/** The facts about one case that the authority's AP returns count. */
export interface ReportCase {
  primaryTeam: TeamId | 'None';
  status: CaseStatus;
  school: string;
  yearGroup: number;
  permanentlyExcluded: boolean;
  medicalNeeds: boolean;
  hasEhcp: boolean;
  lookedAfter: boolean;
  onSchoolRoll: boolean;
  createdAt: string;
  /** When an officer first accepted, assigned or asked for information. */
  firstActionAt: string | null;
  deadline: string | null;
}

const TEAM_LABEL: Record<string, string> = { SEND: 'SEND team', VirtualSchool: 'Virtual School', Exclusions: 'Exclusions and Reintegration Team', None: 'No LA team' };
const STATUS_LABEL: Record<CaseStatus, string> = { new: 'New', accepted: 'Accepted', assigned: 'Assigned', awaiting_info: 'Awaiting information', closed: 'Closed' };
export const SMALL_NUMBER = 5;

function count<T>(items: T[], key: (t: T) => string | string[]): Array<{ label: string; value: number }> {
  const m = new Map<string, number>();
  for (const it of items) for (const k of ([] as string[]).concat(key(it))) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([label, value]) => ({ label, value }));
}

/**
 * The AP figures an authority collects, from its cases over a period. When the figures span
 * more than one team, counts under five are suppressed (null), as councils do when they publish,
 * so no pupil can be picked out.
 */
export function buildReport(cases: ReportCase[], opts: { acrossTeams: boolean }): ReportSeries[] {
  const reasons = (c: ReportCase) => {
    const r: string[] = [];
    if (c.permanentlyExcluded) r.push('Permanent exclusion');
    if (c.medicalNeeds) r.push('Medical or mental health');
    if (c.hasEhcp) r.push('EHC plan');
    if (c.lookedAfter) r.push('Looked after');
    if (!c.onSchoolRoll) r.push('Not on a school roll');
    return r.length ? r : ['Other'];
  };
  const hours = cases
    .filter((c) => c.firstActionAt)
    .map((c) => (Date.parse(c.firstActionAt!) - Date.parse(c.createdAt)) / 3_600_000)
    .sort((a, b) => a - b);
  const pct = (p: number) => Math.round(hours[Math.min(hours.length - 1, Math.floor(p * hours.length))]! * 10) / 10;
  // Until an officer has acted on some case there is no time to report: blank, not zero hours.
  const hoursRows = hours.length
    ? [{ label: 'Median', value: pct(0.5) }, { label: '90th percentile', value: pct(0.9) }]
    : [{ label: 'Median', value: null, empty: true }, { label: '90th percentile', value: null, empty: true }];
  const withDeadline = cases.filter((c) => c.deadline);
  const met = withDeadline.filter((c) => c.firstActionAt && c.firstActionAt.slice(0, 10) <= c.deadline!).length;
  const series: ReportSeries[] = [
    { title: 'Cases by reason', rows: count(cases, reasons) },
    { title: 'Cases by team', rows: count(cases, (c) => TEAM_LABEL[c.primaryTeam] ?? c.primaryTeam) },
    { title: 'Cases by status', rows: count(cases, (c) => STATUS_LABEL[c.status]) },
    { title: 'Cases by school', rows: count(cases, (c) => c.school) },
    { title: 'Cases by year group', rows: count(cases, (c) => (c.yearGroup === 0 ? 'Reception' : `Year ${c.yearGroup}`)) },
    { title: 'Statutory deadlines', rows: [{ label: 'Met', value: met }, { label: 'Missed or not yet actioned', value: withDeadline.length - met }] },
    { title: 'Hours to first officer action', rows: hoursRows },
  ];
  if (!opts.acrossTeams) return series;
  return series.map((s) =>
    s.title.startsWith('Hours') ? s : { ...s, rows: s.rows.map((r) => (r.value !== null && r.value > 0 && r.value < SMALL_NUMBER ? { ...r, value: null } : r)) },
  );
}
