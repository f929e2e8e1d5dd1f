/**
 * What a question is, before any retrieval: a child at risk, an attempt to change the bot's
 * instructions, a request for someone's personal data, or another council service.
 *
 * Two readings are combined. The learned classifier (`intent.ts`, trained on thousands of
 * labelled messages) carries the weight: phrase patterns alone reached 7 of 30 unseen
 * disclosures. The patterns below stay as a second signal for the plainest phrasings; they were
 * written from how staff and the public phrase these, not from any test set.
 */
import { harmKinds } from './harm.js';
import { IntentClassifier } from './intent.js';
import { looksLikeInjection } from './injection.js';

const RISK = [
  /\b(self[- ]?harm(ing|ed)?|cutting (him|her|them)sel(f|ves)|suicid(e|al)|kill (him|her|them)sel(f|ves)|end (his|her|their) life|overdose[ds]?)\b/i,
  /\b(is|are|being|been|was) (being )?(abused|hit|beaten|assaulted|groomed|exploited|neglected)\b/i,
  /\b(disclosed|disclosure of|told me about) (abuse|sexual|being hurt|domestic)/i,
  /\b(not safe|unsafe|scared|afraid|frightened) (to go |of going )?(at )?home\b/i,
  /\b(in (immediate )?danger|at immediate risk|immediate risk of harm|at risk of (serious )?harm)\b/i,
  /\b(has|had|with|carrying|brought) a (knife|weapon|gun|blade)\b/i,
  /\b(missing|run away|ran away|hasn't come home|has not come home|didn't come home)\b.*\b(child|pupil|student|he|she|son|daughter|boy|girl)\b|\b(child|pupil|student|son|daughter|boy|girl)\b.*\b(is missing|gone missing|has run away|ran away)\b/i,
  // The names of harms alone ("county lines", "FGM") are not here: staff ask about them as topics
  // ("training on county lines"), and the classifier reads whether a child is meant.
  /\b(bruis(es|ed|ing)|injur(y|ies)) (on|to) (his|her|their)\b/i,
];

const INJECTION = [
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules?|guidelines?|above|previous|prior|system)\b/i,
  /\b(system|hidden|initial|developer) (prompt|message|instructions?)\b/i,
  /\b(reveal|print|show|output|repeat|display|paste|tell me|what(?: is| are|'s|s))\b.{0,30}\b(your|the)\b.{0,20}\b(prompt|instructions?|config(uration)?|api[ _-]?key|secrets?|password|environment( variables)?|env vars?|token)\b/i,
  /\b(you are now|act as|pretend (to be|you are)|roleplay as|from now on,? (you|answer|reply|respond|ignore))\b/i,
  /\b(jailbreak|developer mode|DAN mode|do anything now)\b/i,
  /\b(forget|ignore|disregard|never mind)\s+(the|your|those|these)\s+(documents?|sources?|guidance|rules|policies)\b/i,
  /\b(your (own )?(personal )?(opinion|view|thoughts)|what do you (personally )?think we should)\b/i,
  /\b(OPENAI|AZURE|MicrosoftApp)\w*\b/,
];

const PERSONAL = [
  /\b(address|phone( number)?|mobile( number)?|e-?mail( address)?|date of birth|\bdob\b|home|upn|national insurance|nhs number|medical records?|case notes?)\s+(of|for)\s+[A-Z][a-z]+/,
  /\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?'s\s+(?:(?:home|current|new|mum's|dad's|parents'?)\s+)?(address|phone|mobile|e-?mail|date of birth|dob|upn|records?|case|file|details|diagnosis|social worker|ehcp)\b/,
  /\b(their|his|her)\s+(dates? of birth|dobs?|(home )?address(es)?|phone numbers?|upns?)\b/i,
  /\b[A-Z][a-z]+\s+[A-Z][a-z]+\b.{0,60}\b(on|subject to|have|has)\s+an?\s+(CP|child protection|CIN|child in need)\s+plan\b/,
  // "How many pupils in Bury…" asks for a figure, not for anyone's details.
  /\b(which|what|list( of)?|names? of|who are the)\s+(pupils|children|students|kids|young people|families)\b.{0,40}\b(at|in|from|attend(s|ing)?)\s+[A-Z][a-z]+/,
  /\b(give|send|show|tell) me\b.{0,30}\b(details|records|information|data|file)\s+(on|about|for|of)\s+(pupil|child|student|[A-Z][a-z]+\s+[A-Z][a-z]+)/i,
  /\b(look ?up|find|search for)\s+(pupil|child|student|the family)\b/i,
  /\b(address|phone( number)?|mobile|e-?mail|date of birth|dob|upn|contact details|diagnosis|medical (history|records?)|records?|file)\s+(of|for)\s+(the |this |that |a |our |my )?(pupil|child|student|young person|family|parent|carer|boy|girl|case|referral)\b/i,
  /\bnames?\s+of\s+(the |all |any )?(pupils|children|students|kids|young people|families|parents)\b/i,
  /\b(case|referral)\s+AP-\d{4}-\d+/i,
]

const OTHER_SERVICE = [
  /\b(council tax|bins?( day| collection)?|recycling|fly[- ]?tipping|parking (permit|fine|ticket)|pcn|planning (application|permission)|building control|housing (benefit|register|list|application|waiting list)|council housing|social housing|school admissions?|admissions appeal|apply for an? (school |y\d+ |year \d+ |reception |secondary |primary )?place|catchment area|universal credit|blue badge|pothole|street ?lights?|library (card|opening)|register (a|the) (birth|death)|marriage|electoral roll|business rates|noise complaint|pest control)\b/i,
];

/**
 * Asking for someone's details, with or without a name: a request ("what's", "give me", "can you
 * find", "list"), a detail that belongs to one person (an address, a number, a social worker) and
 * a particular pupil or family ("the girl we referred", "a pupil excluded last week", "our pupils")
 * rather than pupils in general ("what details does a referral need?"). Built from how English
 * makes a request, not from any message.
 */
const ASKS_FOR =
  "(?:what(?:'s|s| is| are| was| were)|give|tell|send|show|share|provide|find|get|pull up|look ?up|check|confirm|need|want|have you got|do you (?:have|know)|can (?:i|we|you) (?:have|get|see|find|give|tell|send)|list|who(?:'s| is| are))";
const DETAIL =
  "(?:(?:home |current |new )?address(?:es)?|postcodes?|dates? of birth|d\\.?o\\.?b\\.?s?|birthdays?|(?:mobile|phone|telephone|contact)(?: numbers?| details)?|e-?mails?(?: address(?:es)?)?|" +
  "social workers?|upns?|nhs numbers?|medical (?:records?|history|details|conditions?)|diagnos[ie]s|case (?:files?|notes|history)|records?|files?|(?:full )?names?|parents?'? details|next of kin)";
const PUPIL = '(?:pupil|student|girl|boy|child|kid|lad|young person|learner|family|mum|dad|parent|carer|son|daughter)s?';
const PARTICULAR =
  `(?:(?:the|this|that|a)\\s+(?:[\\w-]+\\s+){0,3}?${PUPIL}\\s+(?:we|who|that|i|you|in\\s+(?:year|y)\\s?\\d|from\\s+\\w+|referred|excluded|suspended|at\\s+(?:our|my|the)|last|yesterday|this (?:week|term|morning))` +
  `|(?:our|my|one of our|which of our|all (?:of )?our|the school's)\\s+(?:[\\w-]+\\s+){0,2}?(?:pupils|students|children|kids|learners|families|girls|boys|young people|cla|lac))`;
const PERSONAL_REQUEST = new RegExp(`\\b${ASKS_FOR}\\b[^.?!]{0,60}?\\b${DETAIL}\\b[^.?!]{0,60}?\\b${PARTICULAR}`, 'i');
/** "Which of our pupils are looked after?", "list our pupils on CP plans": naming a school's own pupils. */
const WHICH_OF_OURS =
  /\b(?:which|list|names? of|who) (?:of |are |is )?(?:all )?(?:our|my|the school's) (?:[\w-]+ ){0,2}(?:pupils|students|children|kids|learners|families)\b|\b(?:which|list|names? of|who are) (?:all )?(?:of )?(?:the )?(?:[\w-]+ ){0,2}(?:pupils|students|children|kids|learners|families) (?:at|in|from|on roll at|on the roll of) (?:our|my|this) (?:school|academy|setting|unit|pru|class|trust|federation)\b/i;

/** A letter, email or document to write: the bot answers from documents, it does not draft. */
const DRAFTING =
  /\b(?:can you|could you|would you|will you|please|pls|help me|i need you to|i want you to|i'd like you to)\s+(?:to\s+)?(?:draft|write|compose|redraft|rewrite|word|create|generate|prepare|produce|proofread|put together|knock up)\b[^.?!]{0,50}?\b(?:letter|email|e-mail|report|statement|policy|plan|document|template|minutes|note|response|reply|paragraph|leaflet|newsletter|message|complaint|appeal|speech|agenda|text|script|post)s?\b|^(?:draft|write|compose|redraft|rewrite|generate|prepare|produce|proofread)\s+(?:me\s+)?(?:a|an|the|my|our|this|that|some)\b/i;

/** A legal view on one case: whether to sue, whether a decision about a particular child was lawful. */
const LEGAL_CASE =
  /\b(?:sue|suing|solicitor|legal action|take (?:us|the school|the council|the la|them|him|her) to (?:court|tribunal)|win (?:the|our|an|their|this) (?:appeal|case|tribunal)|grounds (?:to|for) (?:appeal|challenge|a claim))\b|\b(?:legal|lawful|unlawful|illegal|allowed|breach)\b[^.?!]{0,40}\b(?:my|our|his|her|their|this) (?:son|daughter|child|pupil|student|case|boy|girl)\b/i;

export type Guarded = 'risk' | 'injection' | 'personal' | 'otherService' | 'drafting' | 'legal' | null;

/** How sure the classifier must be, per part of a message, before the signpost shows. */
export interface RiskRule {
  /** The whole message: at or above this, its reading alone means a child may be at risk. */
  at: number;
  /** The whole message, with words of a kind of harm in it: a weaker reading is enough, since a missed disclosure costs more than a signpost. */
  withHarmWords: number;
  /** One sentence of several that uses words of a kind of harm. */
  sentenceAt: number;
  /** One sentence of several without such words ("he said he keeps thinking about hanging himself"): only a reading this sure. */
  sentenceAloneAt: number;
}

/**
 * Compared with other settings across writers in scripts/risk-eval.ts: trained on everything but a
 * second writer's 950 risk messages, requiring words of a kind of harm in a sentence found 97.7% of
 * them; letting a sentence the classifier is sure of (0.9) count without such words found 99.7%
 * ("asking because he told staff he'd been looking up how to hang himself"), for one more false
 * signpost in a hundred behaviour statements and none on in-scope questions or declines.
 */
export const RISK_RULE: RiskRule = { at: 0.5, withHarmWords: 0.05, sentenceAt: 0.5, sentenceAloneAt: 0.9 };
export const RISK_AT = RISK_RULE.at;

/** Below this many words, a message without harm words is not read for risk by the classifier alone. */
const MIN_WORDS_TO_READ = 3;

/** The message, then each of its sentences when it has more than one. */
function parts(text: string): string[] {
  const sentences = text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.split(/\s+/).length >= MIN_WORDS_TO_READ);
  return sentences.length > 1 ? [text, ...sentences] : [text];
}

const harmWords = (text: string) => harmKinds(text).some((k) => k !== 'general');

/**
 * Whether a message suggests a child may be at risk of harm: it then gets the safeguarding
 * signpost first. The whole message is read, and each of its sentences too, so one line of
 * disclosure in a long question still counts. A sentence alone needs words of a kind of harm, or
 * a reading the classifier is sure of (`RISK_RULE`), since a short aside ("feels like some kids
 * never come back") reads a little like a disclosure more often than it is one.
 */
export function childAtRisk(text: string, intent = IntentClassifier.default(), rule = RISK_RULE): boolean {
  return reads(text, intent, false, rule);
}

/**
 * The one reading behind `childAtRisk` and `signpostFor`. In a form field (`describesBehaviour`)
 * the whole text and each sentence are read alike: words of a kind of harm with a reading of 0.5,
 * or a reading the classifier is all but sure of.
 */
function reads(text: string, intent: IntentClassifier, describesBehaviour: boolean, rule = RISK_RULE): boolean {
  if (riskPhrases(text)) return true;
  const [whole, ...sentences] = parts(text);
  const risk = (t: string) => intent.scores(t).risk;
  if (!describesBehaviour) {
    const r = risk(whole!);
    const harm = harmWords(whole!);
    // A greeting ("hi", "no") has too few words for a reading: naive Bayes then falls back on how
    // common each kind is in training, and risk is the commonest. Harm words count at any length.
    if (harm ? r >= rule.withHarmWords : r >= rule.at && whole!.split(/\s+/).length >= MIN_WORDS_TO_READ) return true;
    return sentences.some((s) => risk(s) >= (harmWords(s) ? rule.sentenceAt : rule.sentenceAloneAt));
  }
  // Harm words alone missed 7 of 50 referral-style descriptions that hide a concern in everyday words
  // (knowledge/eval/behaviour, which chose this and is no longer blind); this finds all 50, and shows
  // the signpost on 57% of its benign descriptions against 15% (issue 11: err towards the signpost).
  return [whole!, ...sentences].some((s) => (harmWords(s) && risk(s) >= RISK_AT) || risk(s) >= FORM_SURE);
}

/** A part of a form's text the classifier reads as risk this surely signposts it without harm words. */
const FORM_SURE = 0.99;

/** The phrase patterns alone: kept as a signal, and measured against the classifier in scripts/intent-eval.ts. */
export function riskPhrases(text: string): boolean {
  return RISK.some((r) => r.test(text));
}

/** A person's details asked for anywhere in a question that names someone ("Kai Thompson in Y9's home address"). */
const DETAILS = /\b(home address(es)?|dates? of birth|dob|nhs number|national insurance number)\b/i;
const NAMED = /(?<=\S\s+)[A-Z][a-z]+\s+[A-Z][a-z]+\b/;

/** A reason to decline before searching, if there is one. Risk is handled separately: it is signposted, not declined. */
export function declineReason(text: string): Exclude<Guarded, 'risk'> {
  // The classifier does not decide declines: in cross-validation it found 35% of out-of-scope and
  // 63% of personal-data messages, and was sure of "which pupils are eligible for the Virtual
  // School?" being personal. Requests are read by their structure instead.
  if (INJECTION.some((r) => r.test(text)) || looksLikeInjection(text)) return 'injection';
  if (PERSONAL.some((r) => r.test(text)) || PERSONAL_REQUEST.test(text) || WHICH_OF_OURS.test(text) || (DETAILS.test(text) && NAMED.test(text))) return 'personal';
  if (DRAFTING.test(text)) return 'drafting';
  if (LEGAL_CASE.test(text)) return 'legal';
  // "Council tax" is another service even when the asker mentions AP; an exclusion or EHC question is not.
  if (OTHER_SERVICE.some((r) => r.test(text)) && !/\b(alternative provision|exclu|SEND|EHC|referral)\w*/i.test(text)) return 'otherService';
  return null;
}

export const SAFEGUARDING_SIGNPOST =
  'If a child may be at immediate risk, act now: tell your designated safeguarding lead (DSL) straight away, contact the local authority\'s children\'s social care front door (MASH), and call 999 in an emergency.';

const HELP = 'I can answer questions about alternative provision from the local authority guidance: who commissions AP, referrals and deadlines, exclusions, the graduated approach and the three AP tiers, quality and safeguarding standards for providers, and the authorities\' AP strategies.';

export const DECLINES: Record<Exclude<Guarded, 'risk' | null> | 'notCovered' | 'otherAuthority', string> = {
  injection: `I only answer from the local authority documents: I can't give opinions, change how I work or share my configuration. ${HELP}`,
  personal: `I can't look up or share information about individual pupils, families or staff. For a pupil's records, ask your school's data lead or the relevant LA team. ${HELP}`,
  drafting: `I can't draft letters, emails or documents: I answer questions from the local authority documents, with citations. To refer a pupil to the LA, say "start a referral". ${HELP}`,
  legal: `I can't give a legal view on an individual case. For that, ask your school's or trust's legal adviser (or, for a parent, the local SEND information, advice and support service). ${HELP}`,
  otherService: `That is a question for another council service, which I don't cover: please use your council's website or contact centre. ${HELP}`,
  otherAuthority: `I hold alternative provision documents only from {held}, not from {named}, so I won't guess at {named}'s arrangements: please check with {named} directly. If you meant one of the authorities I hold, ask again naming it.`,
  notCovered: `I couldn't find that in the local authority documents I hold, so I won't guess. ${HELP} For anything else, ask your LA's inclusion or SEND team.`,
};

/** Said before an answer when a message named a pupil or gave their details: the general part is answered, nothing about them. */
export const PRIVACY_REMINDER =
  "Please don't type a pupil's or family's name, address or other identifying details here: I don't need them and I don't keep them. I've answered only the general question.";

/**
 * The signpost when anything someone wrote in a form (a referral's reason, a walkthrough's
 * concern) suggests a child may be at risk. Those fields describe behaviour by design ("fights at
 * lunchtime"), which the classifier, trained on questions and disclosures, reads as a disclosure;
 * so there it must also find words of a kind of harm.
 */
export function signpostFor(...texts: Array<string | undefined>): string | undefined {
  const intent = IntentClassifier.default();
  return texts.some((t) => t && reads(t, intent, true)) ? SAFEGUARDING_SIGNPOST : undefined;
}
