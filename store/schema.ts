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

export interface Database {
  conversation_refs: ConversationRefTable;
  feedback: FeedbackTable;
  bot_state: BotStateTable;
}
