import type { Generated } from 'kysely';

/** Row types shared by SQLite and PostgreSQL. Times are ISO-8601 strings in UTC on both. */
export interface ConversationRefTable {
  /** 'user:<aadObjectId or id>' or 'channel:<conversation id>'. */
  key: string;
  kind: 'user' | 'channel';
  reference: string;
  updated_at: string;
}

export interface FeedbackTable {
  id: Generated<number>;
  reply_to_id: string;
  user_hash: string;
  reaction: 'like' | 'dislike';
  comment: string | null;
  created_at: string;
}

export interface BotStateTable {
  key: string;
  etag: string;
  data: string;
  updated_at: string;
}

export interface ReferralDraftTable {
  id: string;
  user_key: string;
  data: string;
  section: string;
  version: number;
  status: 'open' | 'submitted' | 'discarded';
  case_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseTable {
  id: string;
  reference: string;
  draft_id: string;
  referrer_key: string;
  referral: string;
  routing: string;
  primary_team: string;
  deadline: string | null;
  status: 'new' | 'accepted' | 'assigned' | 'awaiting_info' | 'closed';
  assignee: string | null;
  outcome: string | null;
  version: number;
  school: string;
  year_group: number;
  first_action_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseEventTable {
  id: Generated<number>;
  case_id: string;
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  case_id: string;
  /** 'team:SEND' for a linked channel, 'user:<aad>' for a person's chat. */
  target: string;
  kind: 'case_card' | 'case_fyi' | 'case_update' | 'referrer_notice' | 'info_request' | 'reminder' | 'link_notice';
  payload: string;
  status: 'pending' | 'sent' | 'failed' | 'stale';
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  activity_id: string | null;
  created_at: string;
  /** When the channel accepted it; counts towards the target's rate limits. */
  sent_at: string | null;
}

/** A target (conversation) nothing may be sent to until `until`: a 429's Retry-After, or a full rate window. */
export interface OutboxHoldTable {
  target: string;
  until: string;
}

export interface ChannelLinkTable {
  /** The LA team (SEND, VirtualSchool, Exclusions): one channel each. */
  team: string;
  /** The conversation the link was typed in (a thread); kept for reference only. */
  conversation_id: string;
  reference: string;
  linked_by: string;
  stale: number;
  updated_at: string;
  /** The Teams team and channel (channelData.team.id, channelData.channel.id): what the link is. */
  team_id: string | null;
  channel_id: string | null;
  tenant_id: string | null;
}

/** Every link change: who, when, which channel, and the channel it replaced. */
export interface ChannelLinkEventTable {
  id: Generated<number>;
  team: string;
  action: 'linked' | 'unlinked';
  by_key: string;
  by_name: string;
  at: string;
  team_id: string | null;
  channel_id: string | null;
  previous_team_id: string | null;
  previous_channel_id: string | null;
}

/** A case's own post (its own conversation in the channel) for one target: updates land here. */
export interface CaseThreadTable {
  case_id: string;
  target: string;
  kind: 'case_card' | 'case_fyi';
  channel_id: string;
  conversation_id: string;
  activity_id: string;
  updated_at: string;
}

export interface CasePostTable {
  case_id: string;
  conversation_id: string;
  activity_id: string;
}

export interface ReminderTable {
  case_id: string;
  day: string;
}

export interface Database {
  referral_drafts: ReferralDraftTable;
  case_seq: { year: number; last: number };
  cases: CaseTable;
  case_events: CaseEventTable;
  outbox: OutboxTable;
  outbox_holds: OutboxHoldTable;
  channel_links: ChannelLinkTable;
  channel_link_events: ChannelLinkEventTable;
  case_threads: CaseThreadTable;
  case_posts: CasePostTable;
  reminders: ReminderTable;
  conversation_refs: ConversationRefTable;
  feedback: FeedbackTable;
  bot_state: BotStateTable;
}
