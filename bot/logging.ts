import type { Middleware, TurnContext } from 'botbuilder';
import { hashId, type Logger } from '../common/logger.js';

/**
 * One log line per turn: activity type, invoke name, hashed user, duration and outcome.
 * Message text, card values and names are deliberately never read here.
 */
export function turnLogger(logger: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const started = performance.now();
      const a = context.activity;
      let outcome = 'ok';
      try {
        await next();
      } catch (e) {
        outcome = 'error';
        throw e;
      } finally {
        logger.info(
          {
            type: a.type,
            name: a.type === 'invoke' ? a.name : undefined,
            user: hashId(a.from?.aadObjectId ?? a.from?.id),
            conversationType: a.conversation?.conversationType ?? 'personal',
            ms: Math.round(performance.now() - started),
            outcome,
          },
          'turn',
        );
      }
    },
  };
}
