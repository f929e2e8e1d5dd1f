import { type CloudAdapter, type ConversationReference, CardFactory, MessageFactory } from 'botbuilder';
import type { Kysely } from 'kysely';
import { caseCard, infoRequestCard } from '../cards/case.js';
import { DeliveryError, type Deliver, type OutboxRow } from '../cases/outbox.js';
import type { TeamMembers } from '../cases/members.js';
import type { CaseRepo } from '../cases/repo.js';
import type { Clock } from '../common/clock.js';
import { schoolDaysBetween } from '../routing/calendar.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';

function deliveryError(e: unknown): DeliveryError {
  const err = e as { statusCode?: number; status?: number; response?: { headers?: { get?(n: string): string | undefined } & Record<string, unknown> } };
  const status = err.statusCode ?? err.status ?? 0;
  const header = err.response?.headers?.get?.('retry-after') ?? (err.response?.headers?.['retry-after'] as string | undefined);
  const seconds = header ? Number(header) : NaN;
  return new DeliveryError(status, Number.isFinite(seconds) ? seconds * 1000 : undefined);
}

/**
 * Turns outbox rows into Teams messages: case cards to team channels (updated in place when the
 * case changes), notices and questions to the referrer's chat. Called at least once per row (see
 * OutboxWorker): a case card already posted is updated, not posted again.
 */
export function createDelivery(deps: { adapter: CloudAdapter; appId: string; store: Store; repo: CaseRepo; clock: Clock; members: TeamMembers }): Deliver {
  const db: Kysely<Database> = deps.store.db;
  return async (row: OutboxRow) => {
    let reference: Partial<ConversationReference> | undefined;
    if (row.target.startsWith('team:')) {
      const link = await deps.repo.linkFor(row.target.slice(5));
      if (!link) throw new DeliveryError(404);
      reference = JSON.parse(link.reference) as Partial<ConversationReference>;
    } else {
      reference = (await deps.store.conversations.get(row.target))?.reference as Partial<ConversationReference> | undefined;
      // The referrer has never chatted with the bot here: nothing to send to, so treat it as gone.
      if (!reference) throw new DeliveryError(404);
    }
    const c = await deps.repo.get(row.case_id);
    if (!c) return;
    const payload = JSON.parse(row.payload) as Record<string, string>;
    const conversationId = reference.conversation?.id ?? '';
    const today = deps.clock.now().toISOString().slice(0, 10);
    const left = c.deadline ? schoolDaysBetween(today, c.deadline, c.routing.calendar?.holidays ?? []) : null;
    const events = (await deps.repo.events(c.id)).slice(-3);
    let activityId: string | undefined;
    let failure: unknown;
    try {
      await deps.adapter.continueConversationAsync(deps.appId, reference, async (ctx) => {
        // Caught here, not left to the adapter's turn error handler: that would swallow the failure
        // (and post an apology into the channel) instead of letting the outbox retry.
        try {
        switch (row.kind) {
          case 'case_card':
          case 'case_fyi':
          case 'case_update': {
            const fyi = row.kind === 'case_fyi' || (row.kind === 'case_update' && row.target !== `team:${c.routing.primary}`);
            const refreshUserIds = fyi ? [] : await deps.members.list(c.routing.primary);
            // The shared view everyone in the channel sees is read-only: officers get the buttons
            // through the card's refresh, which asks the bot for their own view.
            const activity = MessageFactory.attachment(CardFactory.adaptiveCard(caseCard({ c, schoolDaysLeft: left, canAct: false, fyi, lastEvents: events, refreshUserIds })));
            const post = await db.selectFrom('case_posts').select('activity_id').where('case_id', '=', c.id).where('conversation_id', '=', conversationId).executeTakeFirst();
            // A post already recorded means this row is a repeat (the instance died before marking
            // it sent): bring that post up to date instead of posting the case a second time.
            if (post) {
              await ctx.updateActivity({ ...activity, id: post.activity_id });
              activityId = post.activity_id;
            } else {
              activityId = (await ctx.sendActivity(activity))?.id;
              if (activityId) {
                await db
                  .insertInto('case_posts')
                  .values({ case_id: c.id, conversation_id: conversationId, activity_id: activityId })
                  .onConflict((oc) => oc.columns(['case_id', 'conversation_id']).doUpdateSet({ activity_id: activityId! }))
                  .execute();
              }
            }
            break;
          }
          case 'referrer_notice':
          case 'reminder':
            activityId = (await ctx.sendActivity(payload.text ?? ''))?.id;
            break;
          case 'info_request':
            activityId = (await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(infoRequestCard(c.reference, c.id, payload.from ?? 'An officer', payload.question ?? '')))))?.id;
            break;
        }
        } catch (e) {
          failure = e;
        }
      });
    } catch (e) {
      failure = e;
    }
    if (failure) throw deliveryError(failure);
    return { activityId };
  };
}
