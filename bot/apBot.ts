import {
  type Activity,
  ActivityTypes,
  type AdaptiveCardInvokeResponse,
  CardFactory,
  type InvokeResponse,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import { welcomeCard } from '../cards/welcome.js';
import { smallTalk } from '../knowledge/smalltalk.js';
import type { Logger } from '../common/logger.js';
import { hashId } from '../common/logger.js';
import { MAX_QUESTION_CHARS, questionTooLong } from '../common/text.js';
import type { Store } from '../store/store.js';
import type { ActionResult, ActionTurn, Feature, MessageTurn, Reply } from './feature.js';
import { messageText, referenceOf, speakerOf } from './turn.js';

const executeValue = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

const feedbackValue = z.object({
  actionName: z.literal('feedback'),
  actionValue: z.object({
    reaction: z.enum(['like', 'dislike']),
    // Teams sends the optional comment as a JSON string.
    feedback: z.string().optional(),
  }),
});

export interface BotDeps {
  store: Store;
  logger: Logger;
  features: Feature[];
  /**
   * How long to keep the typing indicator showing while an answer is prepared: Teams drops it
   * after about 3 s, so it is resent every TYPING_REPEAT_MS up to this long. A configured model
   * can take up to LLM_TIMEOUT_MS; without one answers take milliseconds and one indicator does.
   */
  keepTypingMs?: number;
}

/** Teams shows a typing indicator for about 3 seconds; resending a little sooner keeps it steady. */
export const TYPING_REPEAT_MS = 2500;

export function toActivity(reply: Reply): Partial<Activity> {
  const activity: Partial<Activity> = reply.card
    ? MessageFactory.attachment(CardFactory.adaptiveCard(reply.card), reply.text)
    : MessageFactory.text(reply.text ?? '');
  if (reply.text && reply.card) activity.text = reply.text;
  const entities = (reply.entities ?? []).map((e) => ({ ...e }));
  if (reply.aiGenerated) {
    // Teams shows the "AI generated" label from the one schema.org Message entity.
    const message = entities.find((e) => e['@type'] === 'Message');
    if (message) message.additionalType = ['AIGeneratedContent'];
    else
      entities.push({
        type: 'https://schema.org/Message',
        '@type': 'Message',
        '@context': 'https://schema.org',
        '@id': '',
        additionalType: ['AIGeneratedContent'],
      });
  }
  if (entities.length) activity.entities = entities as Activity['entities'];
  if (reply.feedback) activity.channelData = { feedbackLoopEnabled: true };
  return activity;
}

/**
 * The Teams edge: turns activities into plain turns for the features and their replies back
 * into activities. No domain logic lives here.
 */
export class ApBot extends TeamsActivityHandler {
  private readonly savedRefs = new Set<string>();

  constructor(private readonly deps: BotDeps) {
    super();
    this.onInstallationUpdateAdd(async (context, next) => {
      const from = context.activity.from;
      const inTeam = context.activity.conversation?.conversationType === 'channel' || Boolean((context.activity.channelData as { team?: unknown } | undefined)?.team);
      // Teams often sends installationUpdate without the installer's name: ask for it.
      let name: string | undefined = from?.name;
      if (inTeam && from?.id && !name) name = await TeamsInfo.getMember(context, from.id).then((m): string | undefined => m.name, () => undefined);
      if (inTeam && from?.id && name) {
        // In a team the welcome names whoever added the app, so the channel knows who to ask about it.
        name = name.replace(/[<>]/g, '');
        const activity = toActivity({ text: `Hello <at>${name}</at>, thanks for adding AP Assist to this team.`, card: this.welcome() });
        activity.entities = [...(activity.entities ?? []), { type: 'mention', text: `<at>${name}</at>`, mentioned: { id: from.id, name } } as never];
        await context.sendActivity(activity);
      } else {
        await context.sendActivity(toActivity({ card: this.welcome() }));
      }
      await next();
    });
    // Teams sends installationUpdate on every install; the membersAdded that accompanies it
    // would greet the user a second time, so it is not answered.
  }

  private welcomeCache?: ReturnType<typeof welcomeCard>;

  /** Features are fixed for the bot's lifetime, so the card is built once. */
  /**
   * Messages, by far the most frequent turn, go straight to their handler; everything else
   * (installs, invokes, conversation updates) goes through the Teams activity dispatch.
   */
  override async run(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.Message) return this.handleMessage(context);
    return super.run(context);
  }

  welcome() {
    return (this.welcomeCache ??= welcomeCard(this.deps.features.flatMap((f) => (f.capability ? [f.capability] : []))));
  }

  private messageTurn(context: TurnContext, text: string): MessageTurn & { done(): void } {
    let repeat: NodeJS.Timeout | undefined;
    const stopTyping = () => {
      if (repeat) clearInterval(repeat);
      repeat = undefined;
    };
    return {
      speaker: speakerOf(context.activity),
      text,
      reference: referenceOf(context.activity) as Record<string, unknown>,
      send: async (reply) => {
        stopTyping();
        return (await context.sendActivity(toActivity(reply)))?.id;
      },
      typing: async () => {
        await context.sendActivity({ type: ActivityTypes.Typing });
        const keep = this.deps.keepTypingMs ?? 0;
        if (keep <= TYPING_REPEAT_MS || repeat) return;
        const until = Date.now() + keep;
        repeat = setInterval(() => {
          if (Date.now() >= until) return stopTyping();
          void context.sendActivity({ type: ActivityTypes.Typing }).catch(stopTyping);
        }, TYPING_REPEAT_MS);
      },
      done: stopTyping,
    };
  }

  private async rememberUser(context: TurnContext): Promise<void> {
    const s = speakerOf(context.activity);
    if (s.conversationType !== 'personal') return;
    const key = `user:${s.aadObjectId ?? s.userId}`;
    if (this.savedRefs.has(key)) return;
    await this.deps.store.conversations.save({ key, kind: 'user', reference: referenceOf(context.activity) as Record<string, unknown> });
    this.savedRefs.add(key);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    // An Action.Submit from an older Teams client that cannot run Action.Execute (the fallback
    // every Action.Execute carries) arrives as a message whose value names the verb.
    if (!context.activity.text && isSubmittedAction(context.activity.value)) return this.handleSubmittedAction(context);
    const { text, addressed } = messageText(context);
    if (!addressed) return;
    await this.rememberUser(context);
    const turn = this.messageTurn(context, text);
    try {
      await this.answerMessage(turn, text, context);
    } finally {
      turn.done();
    }
  }

  private async answerMessage(turn: MessageTurn, text: string, context: TurnContext): Promise<void> {
    if (!text) {
      const hasAttachments = (context.activity.attachments ?? []).length > 0;
      await turn.send({
        text: hasAttachments
          ? 'I can only read typed messages, not files or images. Type your question, or **help** to see what I can do.'
          : 'Type your question, or **help** to see what I can do.',
      });
      return;
    }
    if (text.length > MAX_QUESTION_CHARS) {
      await turn.send({ text: questionTooLong(text.length) });
      return;
    }
    // A greeting or "what can you do?" gets the help card, thanks a short reply: "I couldn't find
    // that in the documents" would read as if the bot had misunderstood.
    const talk = /^(help|menu|start|\?)[.!]*$/i.test(text) ? 'help' : smallTalk(text);
    if (talk === 'thanks') {
      await turn.send({ text: "You're welcome. Ask me anything else about alternative provision, or type **help** to see what I can do." });
      return;
    }
    if (talk) {
      await turn.send({ card: this.welcome() });
      return;
    }
    for (const feature of this.deps.features) {
      for (const command of feature.commands ?? []) {
        const match = text.match(command.pattern);
        if (match) {
          await command.run(turn, match);
          return;
        }
      }
    }
    const fallback = this.deps.features.find((f) => f.fallback);
    if (fallback?.fallback) {
      await fallback.fallback(turn);
      return;
    }
    await turn.send({ text: "I didn't recognise that. Here is what I can do:", card: this.welcome() });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const name = context.activity.name;
    if (name === 'adaptiveCard/action') return this.handleExecute(context);
    if (name === 'message/submitAction') return this.handleFeedback(context);
    try {
      const response = await super.onInvokeActivity(context);
      // Invokes we do not implement are acknowledged rather than failed, so Teams shows no error.
      return response.status === 501 ? { status: 200 } : response;
    } catch {
      return { status: 200 };
    }
  }

  private async handleFeedback(context: TurnContext): Promise<InvokeResponse> {
    const parsed = feedbackValue.safeParse(context.activity.value);
    if (!parsed.success) return { status: 400, body: { error: 'Unrecognised feedback' } };
    let comment: string | null = null;
    const raw = parsed.data.actionValue.feedback;
    if (raw) {
      try {
        const v = JSON.parse(raw) as { feedbackText?: unknown };
        comment = typeof v.feedbackText === 'string' ? v.feedbackText.slice(0, 2000) : null;
      } catch {
        comment = raw.slice(0, 2000);
      }
    }
    await this.deps.store.feedback.add({
      replyToId: context.activity.replyToId ?? 'unknown',
      userHash: hashId(context.activity.from?.aadObjectId ?? context.activity.from?.id),
      reaction: parsed.data.actionValue.reaction,
      comment,
    });
    // Features act on it too: a thumbs-down on a kept answer stops it being given again.
    const replyToId = context.activity.replyToId;
    if (replyToId) for (const f of this.deps.features) f.feedback?.(replyToId, parsed.data.actionValue.reaction);
    return { status: 200 };
  }

  private actionHandler(verb: string) {
    return this.deps.features.map((f) => f.actions?.[verb]).find(Boolean);
  }

  private actionTurn(context: TurnContext, verb: string, data: Record<string, unknown>): ActionTurn {
    return {
      speaker: speakerOf(context.activity),
      verb,
      data,
      send: async (reply) => (await context.sendActivity(toActivity(reply)))?.id,
    };
  }

  /** The Action.Submit fallback: the card that was clicked is replaced, as Action.Execute would. */
  private async handleSubmittedAction(context: TurnContext): Promise<void> {
    const data = context.activity.value as Record<string, unknown> & { action: string };
    const handler = this.actionHandler(data.action);
    if (!handler) {
      await context.sendActivity('This card is out of date. Type **help** to start again.');
      return;
    }
    const result = await handler(this.actionTurn(context, data.action, data));
    if ('card' in result) {
      const activity = toActivity({ card: result.card });
      if (context.activity.replyToId) await context.updateActivity({ ...activity, id: context.activity.replyToId });
      else await context.sendActivity(activity);
    } else await context.sendActivity(toActivity({ text: result.message }));
  }

  private async handleExecute(context: TurnContext): Promise<InvokeResponse> {
    const parsed = executeValue.safeParse(context.activity.value);
    // Teams expects HTTP 200 for every adaptiveCard/action, with the failure in the body.
    if (!parsed.success) return invokeError(400, 'BadRequest', 'That card action was not understood. Type **help** to start again.');
    const { verb, data = {} } = parsed.data.action;
    const handler = this.actionHandler(verb);
    if (!handler) return invokeMessage(200, 'This card is out of date. Type **help** to start again.');
    const result: ActionResult = await handler(this.actionTurn(context, verb, data));
    if ('card' in result) {
      const body: AdaptiveCardInvokeResponse = {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: result.card as unknown as AdaptiveCardInvokeResponse['value'],
      };
      return { status: 200, body };
    }
    return invokeMessage(200, result.message);
  }
}

const isSubmittedAction = (v: unknown): v is { action: string } =>
  typeof v === 'object' && v !== null && typeof (v as { action?: unknown }).action === 'string' && (v as { action: string }).action.length <= 100;

/** The error shape Teams documents for adaptiveCard/action: HTTP 200, the status in the body. */
function invokeError(statusCode: number, code: string, message: string): InvokeResponse {
  return { status: 200, body: { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } } };
}

function invokeMessage(status: number, message: string): InvokeResponse {
  const body: AdaptiveCardInvokeResponse = {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: message as unknown as AdaptiveCardInvokeResponse['value'],
  };
  return { status, body };
}
