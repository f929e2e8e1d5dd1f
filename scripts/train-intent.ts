/**
 * `node dist/scripts/train-intent.js`: run by `npm run build`. Trains the message classifier from
 * the labelled data in the repository and keeps it beside the compiled code, so the bot loads it at
 * start-up instead of training for a second on its first message.
 */
import { IntentClassifier } from '../knowledge/intent.js';

process.stdout.write(`trained message classifier kept in ${IntentClassifier.saveTrained()}\n`);
