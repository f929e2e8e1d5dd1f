import type { Referral } from '../referrals/schema.js';
import type { RouteResult } from '../routing/engine.js';

export const LINKABLE_TEAMS = ['SEND', 'VirtualSchool', 'Exclusions'] as const;
export type LinkableTeam = (typeof LINKABLE_TEAMS)[number];
export type CaseStatus = 'new' | 'accepted' | 'assigned' | 'awaiting_info' | 'closed';
export const OUTCOMES = ['placement_agreed', 'support_in_school', 'referred_elsewhere', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  placement_agreed: 'Placement agreed',
  support_in_school: 'Support in school',
  referred_elsewhere: 'Referred elsewhere',
  withdrawn: 'Withdrawn',
};
export const TEAM_NAMES: Record<string, string> = {
  SEND: 'SEND team',
  VirtualSchool: 'Virtual School',
  Exclusions: 'Exclusions and Reintegration Team',
  None: 'No LA team (school-level support)',
};
export const STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'New',
  accepted: 'Accepted',
  assigned: 'Assigned',
  awaiting_info: 'Awaiting information',
  closed: 'Closed',
};

/** A Teams channel as the link and the officer check know it: its team and channel ids, never a thread's. */
export interface ChannelPlace {
  teamId: string;
  channelId: string;
  tenantId?: string;
}

export interface Person {
  /** Stable key: the Entra object id where Teams gives one. */
  key: string;
  name: string;
}

export interface CaseRecord {
  id: string;
  reference: string;
  referrerKey: string;
  referral: Referral;
  routing: RouteResult;
  status: CaseStatus;
  assignee: Person | null;
  outcome: Outcome | null;
  version: number;
  deadline: string | null;
  createdAt: string;
  updatedAt: string;
  firstActionAt: string | null;
  /** Contradictions the referrer answered before sending, in their words. */
  checked: CheckedWithReferrer[];
}

/** A contradiction between the reason and a ticked box, and what the referrer said is right. */
export interface CheckedWithReferrer {
  field: string;
  evidence: string;
  /** e.g. "the reason is right: looked after". */
  answer: string;
}

export interface CaseEvent {
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

/**
 * An audit entry's detail as a person reads it: the routing rule ids ("rules P1, C1, DL1") stay
 * in the stored record and the CSV; the reasons are shown in words elsewhere on the card and board.
 */
export const auditDetailWords = (detail: string): string => detail.replace(/\s*\(rules? [A-Z0-9]+(?:, [A-Z0-9]+)*\)/g, '');
