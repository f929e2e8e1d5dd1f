/** The Adaptive Card shapes this bot emits. Teams renders up to schema 1.5. */
export const CARD_VERSION = '1.5';

export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: string };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Record<string, unknown>;
  msteams?: Record<string, unknown>;
}

export function card(body: CardElement[], actions: CardAction[] = [], extra: Partial<AdaptiveCard> = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
    ...extra,
  };
}

export const text = (value: string, opts: Record<string, unknown> = {}): CardElement => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...opts,
});

export const heading = (value: string): CardElement =>
  text(value, { size: 'Large', weight: 'Bolder', style: 'heading' });

/** A button that sends `value` as if the user had typed it, so typed and clicked commands share one path. */
export const sendText = (title: string, value: string): CardAction => ({
  type: 'Action.Submit',
  title,
  data: { msteams: { type: 'imBack', value } },
});

export const factSet = (facts: Array<[string, string]>): CardElement => ({
  type: 'FactSet',
  facts: facts.map(([title, value]) => ({ title, value })),
});

/**
 * A card button handled by the bot (Action.Execute). Its data carries `{ action, ... }`, the verb
 * again, so the handler validates one object.
 */
/**
 * A button that runs `verb` on the bot. Older Teams clients that cannot run Action.Execute fall
 * back to an Action.Submit carrying the same data (the verb in `action`), which the bot answers
 * the same way.
 */
export const execute = (title: string, verb: string, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): CardAction => ({
  type: 'Action.Execute',
  title,
  verb,
  data: { action: verb, ...data },
  ...extra,
  fallback: { type: 'Action.Submit', title, data: { action: verb, ...data }, ...(extra.style ? { style: extra.style } : {}) },
});
