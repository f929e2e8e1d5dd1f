import type { AdaptiveCard } from '../cards/adaptive.js';
import type { Capability } from '../cards/welcome.js';
import type { Speaker } from './turn.js';

/** A reply in plain data; the bot turns it into an activity. */
export interface Reply {
  text?: string;
  card?: AdaptiveCard;
  /** Extra activity entities, e.g. Teams citations. */
  entities?: Array<Record<string, unknown>>;
  /** Show Teams' thumbs up/down feedback buttons. */
  feedback?: boolean;
  /** Label the message as AI generated (only when a model wrote it). */
  aiGenerated?: boolean;
}

/** One incoming message, already stripped of mentions; `send` replies in the same conversation. */
export interface MessageTurn {
  speaker: Speaker;
  text: string;
  /** This conversation's reference, for messaging it later (e.g. a linked channel). */
  reference: Record<string, unknown>;
  send(reply: Reply): Promise<string | undefined>;
  typing(): Promise<void>;
}

/** The answer to an Action.Execute: a card that replaces the one clicked, or a message. */
export type ActionResult = { card: AdaptiveCard } | { message: string };

export interface ActionTurn {
  speaker: Speaker;
  verb: string;
  data: Record<string, unknown>;
  /** Send a further message into the conversation (e.g. a confirmation). */
  send(reply: Reply): Promise<string | undefined>;
}

export interface TextCommand {
  /** Matched against the whole message, case-insensitively. */
  pattern: RegExp;
  run(turn: MessageTurn, match: RegExpMatchArray): Promise<void>;
}

/**
 * A capability plugged into the bot: what it adds to the welcome card, the commands it answers
 * and the card actions (Action.Execute verbs) it handles.
 */
export interface Feature {
  capability?: Capability;
  commands?: TextCommand[];
  actions?: Record<string, (turn: ActionTurn) => Promise<ActionResult>>;
  /** Answers a message no command matched; the first feature with one gets it. */
  fallback?(turn: MessageTurn): Promise<void>;
  /** A user's thumbs up or down on one of the bot's messages (by the message's activity id). */
  feedback?(replyToId: string, reaction: 'like' | 'dislike'): void;
}
