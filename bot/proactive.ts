import { type Activity, type CloudAdapter, type ConversationParameters, type ConversationReference, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Kysely } from 'kysely';
import { caseCard, infoRequestCard } from '../cards/case.js';
import { DeliveryError, type Deliver, type OutboxRow } from '../cases/outbox.js';
import type { TeamMembers } from '../cases/members.js';
import type { CaseRepo } from '../cases/repo.js';
import type { Clock } from '../common/clock.js';
import { schoolDaysBetween } from '../routing/calendar.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';

/** The one connector call used directly (botbuilder does not re-export the connector's types). */
type ChannelConnector = { conversations: { createConversation(p: ConversationParameters): Promise<{ id?: string; activityId?: string }> } };

function deliveryError(e: unknown): DeliveryError {
  const err = e as { statusCode?: number; status?: number; response?: { headers?: { get?(n: string): string | undefined } & Record<string, unknown> } };
  const status = err.statusCode ?? err.status ?? 0;
  const header = err.response?.headers?.get?.('retry-after') ?? (err.response?.headers?.['retry-after'] as string | undefined);
  const seconds = header ? Number(header) : NaN;
  return new DeliveryError(status, Number.isFinite(seconds) ? seconds * 1000 : undefined);
}

/**
 * Turns outbox rows into Teams messages: each case card as its own post (a new conversation) in
 * the team's channel, updated in place when the case changes; notices and questions to the
 * referrer's chat; a link notice to a channel that stopped receiving cases. Called at least once
 * per row (see OutboxWorker): a case already posted for a target is updated, not posted again.
 */
export function createDelivery(deps: { adapter: CloudAdapter; appId: string; store: Store; repo: CaseRepo; clock: Clock; members: TeamMembers }): Deliver {
  const db: Kysely<Database> = deps.store.db;

  /** Runs `fn` in a proactive turn; failures come back to the outbox to retry, not to the turn error handler. */
  const inConversation = async (reference: Partial<ConversationReference>, fn: (ctx: TurnContext) => Promise<void>) => {
    let failure: unknown;
    try {
      await deps.adapter.continueConversationAsync(deps.appId, reference, async (ctx) => {
        try {
          await fn(ctx);
        } catch (e) {
          failure = e;
        }
      });
    } catch (e) {
      failure = e;
    }
    if (failure) throw deliveryError(failure);
  };

  /**
   * Starts a new conversation in a channel with `activity` as its first post, as Teams documents
   * for proactive channel messages (what TeamsInfo.sendMessageToTeamsChannel does, with the tenant
   * too), and returns the new conversation and post ids. The connector client is the one the
   * adapter authenticated for this turn; calling it directly keeps the post id, which the
   * adapter's createConversationAsync does not pass on.
   */
  const newChannelPost = async (reference: Partial<ConversationReference>, channelId: string, tenantId: string | undefined, activity: Partial<Activity>) => {
    let created: { id?: string; activityId?: string } = {};
    await inConversation(reference, async (ctx) => {
      const client = ctx.turnState.get<ChannelConnector>(ctx.adapter.ConnectorClientKey);
      created = await client.conversations.createConversation({
        isGroup: true,
        bot: reference.bot as ConversationParameters['bot'],
        tenantId,
        channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
        activity: activity as Activity,
      } as ConversationParameters);
    });
    const conversationId = created.id ?? '';
    // Teams names a channel post's conversation "<channel>;messageid=<id of its first message>".
    const activityId = created.activityId ?? conversationId.match(/;messageid=([^;]+)$/)?.[1] ?? conversationId;
    return { conversationId, activityId };
  };

  return async (row: OutboxRow) => {
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    if (row.kind === 'link_notice') {
      const reference = payload.reference as Partial<ConversationReference> | undefined;
      if (!reference) throw new DeliveryError(404);
      let activityId: string | undefined;
      await inConversation(reference, async (ctx) => {
        activityId = (await ctx.sendActivity(String(payload.text ?? '')))?.id;
      });
      return { activityId };
    }
    const c = await deps.repo.get(row.case_id);
    if (!c) return;
    const today = deps.clock.now().toISOString().slice(0, 10);
    const left = c.deadline ? schoolDaysBetween(today, c.deadline, c.routing.calendar?.holidays ?? []) : null;

    if (row.target.startsWith('team:')) {
      const link = await deps.repo.linkFor(row.target.slice(5));
      if (!link) throw new DeliveryError(404);
      const reference = JSON.parse(link.reference) as Partial<ConversationReference>;
      const channelId = link.channel_id ?? (reference.conversation?.id ?? '').split(';')[0]!;
      const tenantId = link.tenant_id ?? reference.conversation?.tenantId;
      const events = (await deps.repo.events(c.id)).slice(-3);
      const fyi = row.kind === 'case_fyi' || (row.kind === 'case_update' && row.target !== `team:${c.routing.primary}`);
      const refreshUserIds = fyi ? [] : await deps.members.list(c.routing.primary);
      // The shared view everyone in the channel sees is read-only: officers get the buttons
      // through the card's refresh, which asks the bot for their own view.
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(caseCard({ c, schoolDaysLeft: left, canAct: false, fyi, lastEvents: events, refreshUserIds })));
      const thread = await db.selectFrom('case_threads').selectAll().where('case_id', '=', c.id).where('target', '=', row.target).executeTakeFirst();
      // A post of this case for this target in this channel: every change (and a repeated row,
      // when an instance died before marking it sent) updates exactly that post.
      if (thread && thread.channel_id === channelId) {
        await inConversation({ ...reference, conversation: { ...(reference.conversation as ConversationReference['conversation']), id: thread.conversation_id } }, async (ctx) => {
          await ctx.updateActivity({ ...activity, id: thread.activity_id });
        });
        return { activityId: thread.activity_id };
      }
      // A case posted before cases had their own posts lives as a reply in the link's thread
      // (case_posts, keyed on that thread's conversation id): its updates still land there.
      const legacy = row.kind === 'case_update' && reference.conversation?.id
        ? await db.selectFrom('case_posts').select('activity_id').where('case_id', '=', c.id).where('conversation_id', '=', reference.conversation.id).executeTakeFirst()
        : undefined;
      if (legacy) {
        await inConversation(reference, async (ctx) => {
          await ctx.updateActivity({ ...activity, id: legacy.activity_id });
        });
        return { activityId: legacy.activity_id };
      }
      const post = await newChannelPost(reference, channelId, tenantId, activity);
      const values = { case_id: c.id, target: row.target, kind: fyi ? ('case_fyi' as const) : ('case_card' as const), channel_id: channelId, conversation_id: post.conversationId, activity_id: post.activityId, updated_at: deps.clock.now().toISOString() };
      const { case_id: _c, target: _t, ...changes } = values;
      await db.insertInto('case_threads').values(values).onConflict((oc) => oc.columns(['case_id', 'target']).doUpdateSet(changes)).execute();
      return { activityId: post.activityId };
    }

    const reference = (await deps.store.conversations.get(row.target))?.reference as Partial<ConversationReference> | undefined;
    // The referrer has never chatted with the bot here: nothing to send to, so treat it as gone.
    if (!reference) throw new DeliveryError(404);
    let activityId: string | undefined;
    await inConversation(reference, async (ctx) => {
      if (row.kind === 'info_request') {
        activityId = (await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(infoRequestCard(c.reference, c.id, String(payload.from ?? 'An officer'), String(payload.question ?? ''))))))?.id;
      } else {
        activityId = (await ctx.sendActivity(String(payload.text ?? '')))?.id;
      }
    });
    return { activityId };
  };
}
