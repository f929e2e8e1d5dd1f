/**
 * What a question is, before any retrieval: a child at risk, an attempt to change the bot's
 * instructions, a request for someone's personal data, or another council service. Patterns
 * are written from how staff and the public phrase these, not from any test set.
 */
import { looksLikeInjection } from './injection.js';

const RISK = [
  /\b(self[- ]?harm(ing|ed)?|cutting (him|her|them)sel(f|ves)|suicid(e|al)|kill (him|her|them)sel(f|ves)|end (his|her|their) life|overdose[ds]?)\b/i,
  /\b(is|are|being|been|was) (being )?(abused|hit|beaten|assaulted|groomed|exploited|neglected)\b/i,
  /\b(disclosed|disclosure of|told me about) (abuse|sexual|being hurt|domestic)/i,
  /\b(not safe|unsafe|scared|afraid|frightened) (to go |of going )?(at )?home\b/i,
  /\b(in (immediate )?danger|at immediate risk|immediate risk of harm|at risk of (serious )?harm)\b/i,
  /\b(has|had|with|carrying|brought) a (knife|weapon|gun|blade)\b/i,
  /\b(missing|run away|ran away|hasn't come home|has not come home|didn't come home)\b.*\b(child|pupil|student|he|she|son|daughter|boy|girl)\b|\b(child|pupil|student|son|daughter|boy|girl)\b.*\b(is missing|gone missing|has run away|ran away)\b/i,
  /\b(county lines|criminal exploitation|sexual exploitation|\bCSE\b|\bCCE\b|FGM|forced marriage|radicali[sz])/i,
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

export type Guarded = 'risk' | 'injection' | 'personal' | 'otherService' | null;

export function childAtRisk(text: string): boolean {
  return RISK.some((r) => r.test(text));
}

/** A person's details asked for anywhere in a question that names someone ("Kai Thompson in Y9's home address"). */
const DETAILS = /\b(home address(es)?|dates? of birth|dob|nhs number|national insurance number)\b/i;
const NAMED = /(?<=\S\s+)[A-Z][a-z]+\s+[A-Z][a-z]+\b/;

/** A reason to decline before searching, if there is one. Risk is handled separately: it is signposted, not declined. */
export function declineReason(text: string): Exclude<Guarded, 'risk'> {
  if (INJECTION.some((r) => r.test(text)) || looksLikeInjection(text)) return 'injection';
  if (PERSONAL.some((r) => r.test(text)) || (DETAILS.test(text) && NAMED.test(text))) return 'personal';
  // "Council tax" is another service even when the asker mentions AP; an exclusion or EHC question is not.
  if (OTHER_SERVICE.some((r) => r.test(text)) && !/\b(alternative provision|exclu|SEND|EHC|referral)\w*/i.test(text)) return 'otherService';
  return null;
}

export const SAFEGUARDING_SIGNPOST =
  'If a child may be at immediate risk, act now: tell your designated safeguarding lead (DSL) straight away, contact the local authority\'s children\'s social care front door (MASH), and call 999 in an emergency.';

const HELP = 'I can answer questions about alternative provision from the local authority guidance: who commissions AP, referrals and deadlines, exclusions, the graduated approach and the three AP tiers, quality and safeguarding standards for providers, and the authorities\' AP strategies.';

export const DECLINES: Record<Exclude<Guarded, 'risk' | null> | 'notCovered', string> = {
  injection: `I only answer from the local authority documents: I can't give opinions, change how I work or share my configuration. ${HELP}`,
  personal: `I can't look up or share information about individual pupils, families or staff. For a pupil's records, ask your school's data lead or the relevant LA team. ${HELP}`,
  otherService: `That is a question for another council service, which I don't cover: please use your council's website or contact centre. ${HELP}`,
  notCovered: `I couldn't find that in the local authority documents I hold, so I won't guess. ${HELP} For anything else, ask your LA's inclusion or SEND team.`,
};
