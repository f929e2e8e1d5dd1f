import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';

/** What the domain needs to know about who is talking and where, without botbuilder types. */
export interface Speaker {
  userId: string;
  aadObjectId?: string;
  name?: string;
  conversationId: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  tenantId?: string;
  teamId?: string;
  channelId?: string;
}

export function speakerOf(activity: Activity): Speaker {
  const convType = activity.conversation?.conversationType;
  const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string }; tenant?: { id?: string } };
  return {
    userId: activity.from?.id ?? 'unknown',
    aadObjectId: activity.from?.aadObjectId,
    name: activity.from?.name,
    conversationId: activity.conversation?.id ?? 'unknown',
    conversationType: convType === 'channel' ? 'channel' : convType === 'groupChat' ? 'groupChat' : 'personal',
    tenantId: activity.conversation?.tenantId ?? channelData.tenant?.id,
    teamId: channelData.team?.id,
    channelId: channelData.channel?.id,
  };
}

/**
 * The user's words with the bot's @mention removed. In a channel or group chat the bot only
 * answers when mentioned, so `addressed` is false for chatter it overhears.
 */
export function messageText(context: TurnContext): { text: string; addressed: boolean } {
  const activity = context.activity;
  const mentioned = (activity.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === activity.recipient?.id,
  );
  const text = (mentioned ? TurnContext.removeRecipientMention(activity) : activity.text) ?? '';
  const personal = !activity.conversation?.conversationType || activity.conversation.conversationType === 'personal';
  // Teams can deliver formatted messages as HTML ("<p>help</p>"); commands and questions want the words.
  const plain = text.replace(/<[^>]{1,200}>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  return { text: plain.replace(/\s+/g, ' ').trim(), addressed: personal || mentioned };
}

export function referenceOf(activity: Activity): Partial<ConversationReference> {
  return TurnContext.getConversationReference(activity);
}
