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
  /** The details the channel card shows, for officers with rights over the case only. */
  pupil?: { name: string; dateOfBirth: string; upn?: string; referrer: string; contact: string };
  /** Whether the caller may act on it: the same rule as the channel card's buttons. */
  canAct: boolean;
  version: number;
  assignee?: string;
  outcome?: string;
  copiedTeams: string[];
  duties: string[];
  reason: string;
  requested: string;
  /** Each routing reason in words with the document and paragraph; rule ids stay in the audit and CSV. */
  reasons: Array<{ words: string; source: string }>;
  /** Contradictions the referrer answered before sending. */
  checked: Array<{ evidence: string; answer: string }>;
  audit: Array<{ at: string; actor: string; action: string; detail?: string }>;
}

/** An officer's action from the board, as the channel card's buttons send it. */
export interface BoardAction {
  kind: 'accept' | 'assign' | 'requestInfo' | 'close';
  version: number;
  question?: string;
  outcome?: string;
}
export type BoardActResult = { ok: true; detail: CaseDetail } | { ok: false; status: 400 | 403 | 404 | 409; error: string };

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
  /** value null: suppressed (under 5), shown as "<5"; empty: nothing to count yet, shown blank. */
  rows: Array<{ label: string; value: number | null; empty?: boolean }>;
}

export interface CaseBoardSource {
  visibilityFor(identity: { aadObjectId: string; name?: string; local: boolean }): Promise<Visibility>;
  list(q: CaseQuery): Promise<{ items: CaseRow[]; total: number }>;
  get(id: string, visibility: Visibility): Promise<CaseDetail | undefined>;
  act(id: string, who: { aadObjectId: string; name?: string; local: boolean }, visibility: Visibility, action: BoardAction): Promise<BoardActResult>;
  report(q: { from: string; to: string; visibility: Visibility }): Promise<ReportSeries[]>;
}
