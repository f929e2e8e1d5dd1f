/** What the case board shows, in plain data: the cases domain implements it over the store. */

export type TeamId = 'SEND' | 'VirtualSchool' | 'Exclusions';
export type CaseStatus = 'new' | 'accepted' | 'assigned' | 'awaiting_info' | 'closed';

export interface CaseRow {
  id: string;
  reference: string;
  status: CaseStatus;
  primaryTeam: TeamId | 'None';
  school: string;
  yearGroup: number;
  deadline: string | null;
  schoolDaysLeft: number | null;
  overdue: boolean;
  createdAt: string;
}

export interface CaseDetail extends CaseRow {
  pupilInitials: string;
  copiedTeams: string[];
  duties: string[];
  reason: string;
  requested: string;
  rules: Array<{ rule: string; paragraph: string; why?: string }>;
  audit: Array<{ at: string; actor: string; action: string; detail?: string }>;
}

/** Whose cases a caller may see: the teams they work in, and referrals they made themselves. */
export interface Visibility {
  teams: TeamId[] | 'all';
  referrerAadId?: string;
}

export interface CaseQuery {
  visibility: Visibility;
  status: 'open' | 'all' | CaseStatus;
  team?: TeamId;
  page: number;
  pageSize: number;
}

export interface ReportSeries {
  title: string;
  rows: Array<{ label: string; value: number | null }>;
}

export interface CaseBoardSource {
  visibilityFor(identity: { aadObjectId: string; name?: string; local: boolean }): Promise<Visibility>;
  list(q: CaseQuery): Promise<{ items: CaseRow[]; total: number }>;
  get(id: string, visibility: Visibility): Promise<CaseDetail | undefined>;
  report(q: { from: string; to: string; visibility: Visibility }): Promise<ReportSeries[]>;
}
