/**
 * Messages that are conversation, not questions: a greeting ("hi there!", "good morning all"),
 * thanks ("thanks, that's brilliant"), or asking what the bot is for ("what can you do?"). They get
 * the help card or a short reply instead of "I couldn't find that in the documents", which reads as
 * if the bot had misunderstood.
 *
 * Only short messages made wholly of the closed class of greeting and thanks words count, so a
 * question that opens with a greeting ("hi, who commissions AP?") is still answered as a question.
 *
 * @example
 * smallTalk('Good morning!'); // 'greeting'
 * smallTalk('hi, who commissions AP?'); // undefined
 */
export type SmallTalk = 'greeting' | 'thanks' | 'help';

const GREETING = new Set(['hi', 'hello', 'hey', 'hiya', 'heya', 'yo', 'howdy', 'morning', 'afternoon', 'evening', 'good', 'gm']);
const THANKS = new Set(['thanks', 'thank', 'thankyou', 'thx', 'ty', 'ta', 'cheers']);
/** Words that go with a greeting or thanks without asking anything. */
const FILLER = new Set([
  'there', 'all', 'everyone', 'team', 'folks', 'bot', 'ap', 'assist', 'again', 'you', 'u', 'so', 'very', 'much', 'many', 'lots',
  'great', 'brilliant', 'lovely', 'perfect', 'helpful', 'that', "that's", 'thats', 'was', 'is', 'really', 'ok', 'okay', 'a', 'lot',
  'for', 'the', 'help', 'your', 'super', 'amazing', 'fab', 'fantastic', 'excellent', 'nice', 'one', 'oh', 'and', 'just', 'to', 'say',
]);
const ABOUT_THE_BOT = /^(?:what (?:can|do) you (?:do|help (?:me )?with)|what are you(?: for)?|who are you|how (?:do i|can i|does this) (?:use (?:you|this|it)|work)|what is this(?: bot)?)\s*[?.!]*$/i;

export function smallTalk(message: string): SmallTalk | undefined {
  const text = message.trim().toLowerCase().replace(/[\u2018\u2019]/g, "'");
  if (ABOUT_THE_BOT.test(text)) return 'help';
  const words = text.split(/[^a-z']+/).filter(Boolean);
  if (!words.length || words.length > 8) return undefined;
  if (!words.every((w) => GREETING.has(w) || THANKS.has(w) || FILLER.has(w))) return undefined;
  if (words.some((w) => THANKS.has(w))) return 'thanks';
  if (words.some((w) => GREETING.has(w))) return 'greeting';
  return undefined;
}
