import winkNLP, { type ItemSentence } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/**
 * Reads a referral's free text as a person would: what it states about the pupil (looked after,
 * EHC plan, permanently excluded, on roll, kept from school by a medical need), and how surely.
 *
 * wink-nlp gives the tokens, their lemmas (so "excluded", "excludes" and "exclusion" meet on one
 * stem) and the scope of a negation ("is not permanently excluded", "no longer in care"); the
 * rules below are general English cues, not any one referral's wording:
 * - negation and reversal: "not", "no longer", "never", "rather than", "rescinded", "overturned";
 * - a box ticked by mistake: "ticked in error", "should not have been ticked";
 * - uncertainty: "at risk of", "might", "considering", "if", "has asked about";
 * - the past: "previously", "was in care", "last year", "from his previous school";
 * - for a medical need, whether it actually stops the pupil attending.
 */

const nlp = winkNLP(model);
const its = nlp.its;

export type Field = 'lookedAfter' | 'hasEhcp' | 'permanentlyExcluded' | 'onSchoolRoll' | 'medicalNeeds';
export const FIELDS: Field[] = ['lookedAfter', 'hasEhcp', 'permanentlyExcluded', 'onSchoolRoll', 'medicalNeeds'];

/** What one clause states about one field. */
export interface Claim {
  field: Field;
  value: boolean;
  /** 2: the text names the status itself; 1: it only implies it (an assessment is not a plan). */
  strength: 1 | 2;
  /** The clause that says it, in the referrer's own words. */
  evidence: string;
  /** "mistake": the text says the box itself is wrong. */
  cue?: 'mistake';
}

interface Tok {
  text: string;
  lemma: string;
  /** Universal part of speech (NOUN, VERB, PRON…). */
  pos: string;
  neg: boolean;
  start: number;
  end: number;
}
interface Clause {
  toks: Tok[];
  start: number;
  end: number;
  /** Lemmas joined with the text's own spacing, lower case, with each token's offset in it. */
  lem: string;
  lemAt: number[];
  /** The raw clause, lower case. */
  raw: string;
}

// Clause boundaries inside a sentence: punctuation, and conjunctions that turn the sense.
const BREAK_PUNCT = new Set([';', ':', ',', '(', ')', '–', '—', '-', '?', '!', '"', '“', '”']);
const BREAK_WORDS = new Set(['but', 'however', 'although', 'though', 'whereas', 'yet', 'while', 'whilst']);
const RELATIVE = new Set(['that', 'which', 'who']);
const JOINS = new Set(['and', 'so']);
const SUBJECTS = new Set(['he', 'she', 'they', 'we', 'i', 'it']);
const NOUNISH = new Set(['NOUN', 'PROPN']);

function tokenise(text: string): Tok[][] {
  const doc = nlp.readDoc(text);
  const sentences: Tok[][] = [];
  let at = 0;
  doc.sentences().each((s: ItemSentence) => {
    const values = s.tokens().out(its.value) as string[];
    const lemmas = s.tokens().out(its.lemma as never) as unknown as string[];
    const negs = s.tokens().out(its.negationFlag) as unknown as boolean[];
    const tags = s.tokens().out(its.pos) as string[];
    const toks: Tok[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const found = text.indexOf(v, at);
      const start = found >= 0 ? found : at;
      at = found >= 0 ? start + v.length : at;
      toks.push({ text: v, lemma: (lemmas[i] ?? v).toLowerCase(), pos: tags[i] ?? '', neg: Boolean(negs[i]), start, end: start + v.length });
    }
    sentences.push(toks);
  });
  return sentences;
}

function makeClause(toks: Tok[], text: string): Clause {
  let lem = '';
  const lemAt: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (i > 0 && t.start > toks[i - 1]!.end) lem += ' ';
    lemAt.push(lem.length);
    // "May" the month is not "may" the hedge.
    lem += t.text === 'May' && (i > 0 || /^\d/.test(toks[i + 1]?.text ?? '')) ? 'may_month' : t.lemma;
  }
  const start = toks[0]!.start;
  const end = toks.at(-1)!.end;
  return { toks, start, end, lem, lemAt, raw: text.slice(start, end).toLowerCase() };
}

function clausesOf(sentence: Tok[], text: string): Clause[] {
  const out: Clause[] = [];
  let cur: Tok[] = [];
  const flush = () => {
    const words = cur.filter((t) => /\w/.test(t.text));
    if (words.length) out.push(makeClause(cur, text));
    cur = [];
  };
  for (let i = 0; i < sentence.length; i++) {
    const t = sentence[i]!;
    const lower = t.text.toLowerCase();
    // A hyphen inside a word ("looked-after", "full-time", "five-day") is not a break.
    const inWord = (lower === '-' || lower === '–') && i > 0 && t.start === sentence[i - 1]!.end && sentence[i + 1]?.start === t.end;
    // The plan's statutory name has commas in it: "Education, Health and Care Plan" is one name.
    const inName = lower === ',' && /^education$/i.test(sentence[i - 1]?.text ?? '') && /^health$/i.test(sentence[i + 1]?.text ?? '');
    if (BREAK_PUNCT.has(lower) && !inWord && !inName) {
      flush();
      continue;
    }
    if (BREAK_WORDS.has(lower) && cur.length) flush();
    // Two clauses joined: "the exclusion no longer stands and she remains on our roll" says two things.
    else if (JOINS.has(lower) && cur.length && SUBJECTS.has((sentence[i + 1]?.text ?? '').toLowerCase())) flush();
    // A relative clause describes the noun before it, not the pupil: "an EHC plan that names his
    // previous school" says nothing past of the plan. ("Confirmed that", "says that": no noun before.)
    else if (RELATIVE.has(lower) && cur.length && NOUNISH.has(sentence[i - 1]!.pos)) flush();
    if (lower === '.' ) {
      flush();
      continue;
    }
    cur.push(t);
  }
  flush();
  return out;
}

interface Concept {
  /** A regular expression over the clause's lemmas. */
  re: RegExp;
  /** What a plain, certain mention of it says about the field. */
  value: boolean;
  strength: 1 | 2;
  /** A state ("in care", "on roll"): "was in care" is the past, and so no longer true. */
  state?: boolean;
  /** Set when the concept is something the pupil can only be risked with (an exclusion). */
  riskable?: boolean;
  /** Said of a step short of the status ("assessment requested", "awaiting the draft"): a hedge does not unsay it. */
  short?: boolean;
  /**
   * Only its undoing says anything: "the exclusion" may be a suspension, but "the exclusion no
   * longer stands" or "was withdrawn" says there is no permanent exclusion now.
   */
  onlyUndone?: boolean;
}

const SP = '[- ]?';
const CONCEPTS: Record<Field, Concept[]> = {
  lookedAfter: [
    // What makes a child not looked after, checked first: these contain words of the others.
    { re: /\b(care leaver|leave care|left care|care[- ]experience[d]?|private(ly)? foster\w*|special guardian\w*|\bsgo\b|adopt\w*|\bplac\b|child arrangements? order|kinship care|previously look(ed)?[- ]after)\b/, value: false, strength: 2 },
    { re: new RegExp(`\\b(look(ed)?${SP}after|child(ren)? look(ed)? after|\\bcla\\b|\\blac\\b|\\bcic\\b|in (local authority |council |foster |residential )?care\\b|in the care of the (local authority|council|la)|foster (care|carer|carers|placement|home|family|parent|parents)|(interim |full )?care order|(section|s\\.?) ?20\\b|accommodate (under|by)|children'?s home|corporate parent)`), value: true, strength: 2, state: true },
  ],
  hasEhcp: [
    { re: /\b(draft (ehcp|ehc plan|plan)|(ehcp|ehc plan) (be )?(only )?(still )?in draft)\b/, value: false, strength: 1, short: true },
    { re: /\b((ehc|education,? health and care) needs? assessment|\behcna\b|statutory assessment|needs? assessment|ehcp? assessment)\b/, value: false, strength: 1, short: true },
    { re: /\bsen support\b/, value: false, strength: 1, short: true },
    { re: /\b(ehcp|ehc plan|ehc|education,? health,? (and )?care plan|statement of sen\w*)\b/, value: true, strength: 2, state: true },
  ],
  permanentlyExcluded: [
    { re: /\b(permanent(ly)?[- ]?(exclu\w*)|pex(['’]?d)?|expel\w*|permanently exclude)\b/, value: true, strength: 2, riskable: true },
    { re: /\b(the|this|her|his|their) exclusion\b/, value: true, strength: 1, onlyUndone: true },
    // "Governors reinstated her": the pupil is back, so no longer excluded.
    { re: /\breinstat\w*/, value: false, strength: 1 },
  ],
  onSchoolRoll: [
    { re: new RegExp(`\\b(de${SP}register\\w*|off${SP}roll\\w*|(remove|take|come|taken|came|removed) (off|from) (the |our |his |her )?(school )?(roll|register)|elective(ly)? home${SP}educat\\w*|\\behe\\b|home${SP}educat\\w*|without a school (place|roll)|no school (place|roll)|missing (from )?education|\\bcme\\b|not (be )?(register|registered) (at|with) (any|a) school)`), value: false, strength: 2 },
    { re: new RegExp(`\\b(on (a |any |the |our |the school |their |his |her )?(school )?(roll|register)\\b|dual${SP}regist\\w*|single${SP}regist\\w*)`), value: true, strength: 2, state: true },
  ],
  medicalNeeds: [],
};

// Words that undo or deny what follows or precedes them in the clause.
const NEGATORS = /\b(not|n't|no|never|without|neither|nor|none|rather than|instead of|no longer|nobody)\b/;
const REVERSALS = /\b(rescind\w*|withdr[ae]w\w*|overturn\w*|revers\w*|revoke\w*|reinstat\w*|quash\w*|discharg\w*|cease\w*|discontinu\w*|end(ed)?|lift(ed)?|refuse\w*|decline\w*|reject\w*|turn(ed)? down|cancel\w*)\b/;
const MISTAKE = /\b(by mistake|by accident|in error|mis-?tick\w*|mistaken(ly)?|wrong(ly)?|incorrect(ly)?|accidental(ly)?|error|typo|should ?n[o']?t (have|be)|should not (have|be)|misclick\w*|ignore)\b/;
const BOX = /\b(box|tick\w*|select\w*|check(ed)?|form|answer\w*|option)\b/;
// The status is a risk or a plan, not a fact.
const RISK = /\b(risk|threat\w*|avoid\w*|prevent\w*|stop (a|an|the|it)|brink|edge|close to|verge)\b/;
const HEDGE = /\b(might|may|could|would|possibl\w*|potential\w*|likely|consider\w*|think\w*|if|whether|unless|plan(ning)? to|intend\w*|propos\w*|await\w*|pending|expect\w*|suggest\w*|appl(y|ied|ies|ication)|want\w*|hope\w*|explor\w*|fear\w*|worr\w*|thought|feel\w* that|concern\w* that|query|queried|unsure|unclear|not sure|in progress|ongoing|underway|may be)\b/;
// Softer: talk of a meeting, a request or what will happen, which a word of certainty outweighs
// ("the governors' meeting upheld the exclusion", "will be excluded with effect from Monday").
const WEAK_HEDGE = /\b(discuss\w*|talk\w* about|mention\w*|ask\w*|request\w*|meeting|will be|going to)\b/;
const CERTAIN = /\b(confirm\w*|uphold|upheld|issu\w*|letter|sent|finali[sz]\w*|decided|with effect|effective from|formally|granted|made|in place)\b/;
const PAST = /(\bbefore\.?$|\b(previous\w*|former\w*|used to|ago|last year|in (19|20)\d\d|as a (baby|toddler|child)|when (he|she|they) (was|were)|at (his|her|their) (old|last|previous) school|before (he|she|they) (joined|moved|came|started)|historic\w*|history of|prior to|in the past|once)\b)/;
/**
 * A state said in the past tense just before its words ("was in care", "was in hospital", "was on
 * a reduced timetable"), perhaps with a word of past time ("was last on roll at"). Not any word:
 * "was placed in care" is in care now, and "has had an EHCP since Year 2" has one now.
 */
const WAS_BEFORE = /(?<!\b(has|have|'s|'ve)\s+)\b(was|were|had been|used to be|had)\s+((last|previously|formerly|once|briefly)\s+)?((on|in|at)\s+)?(an?\s+|the\s+)?$/;
const OTHER_PERSON = /\b(brother|sister|sibling|siblings|mum|mother|dad|father|parent|parents|cousin|aunt|uncle|friend|peer|classmate|another pupil|other pupil|twin)('s)? (is|are|was|were|has|have|had|been|being)\b/;

// A medical or mental health reason, a pregnancy, or treatment.
const MEDICAL_CAUSE = /\b(ill|illness|unwell|sick|medical\w*|health|mental health|anxiety|anxious|depress\w*|treatment|surgery|operation|hospital\w*|inpatient|diagnos\w*|condition|fatigue|chronic|pain|cancer|leukaemia|leukemia|tumou?r|epilep\w*|seizure\w*|diabet\w*|asthma|injur\w*|fracture\w*|pregnan\w*|eating disorder|anorexi\w*|bulimi\w*|self[- ]harm\w*|suicid\w*|camhs|psychiatr\w*|consultant|paediatrician|pediatrician|doctor|\bgp\b|clinic\w*|ebsa|school avoidance|panic|crohn\w*|cystic|chemo\w*|dialysis|transplant|recover\w*|convalesc\w*|immun\w*|ptsd|trauma|ocd|psychosis|bipolar)\b/;
// Kept away from school.
const ABSENT = /\b(off school|out of school|absent|absence|housebound|house-bound|bed-bound|bedbound|confined to|at home since|not been in( school)?|has n't been in|has not been in|home tuition|hospital school)\b/;
const ATTENDS_FULLY = /\b(attend\w*|come in|comes in|in school|at school)\b[^.;]{0,40}\b(full[- ]?time|every day|daily|regularly|well|normally|fully|all (of )?(his|her|their) (lessons|classes)|all day|as normal|100 ?%|without (any )?(problem|difficult|issue)\w*)/;
const GOOD_ATTENDANCE = /\b(attendance (be |is |was |remains |has been )?(good|excellent|full|high|fine|normal|strong|unaffected|above|100|9\d)|full attendance|100 ?% attendance|(no|little|minimal) (impact|effect) on (his |her |their )?(attendance|school)|does n't (affect|stop|prevent)|does not (affect|stop|prevent)|well[- ]?(managed|manage|controlled|control)|under control|(is|be|remains|remain) (stable|controlled|control|managed|manage))\b/;
const INPATIENT = /\b(inpatient|in-patient|hospitali[sz]\w*|admit\w* to (hospital|(a|an|the) [\w ]{0,30}(unit|ward|hospital))|in (hospital|a (camhs|mental health|psychiatric) (unit|ward)|a tier 4|tier 4)|on (a|the) ward|medically unfit|too (ill|unwell|sick) to|not well enough to|bed[- ]?bound|house[- ]?bound)\b/;
const PREGNANT = /\b(\d{1,2} weeks pregnant|is pregnant|be pregnant|she'?s pregnant|pregnancy)\b/;

const clip = (s: string) => {
  const t = s.trim();
  return t.length <= 160 ? t : `${t.slice(0, 157).replace(/\s+\S*$/, '')}…`;
};

function tokenIndexAt(c: Clause, lemOffset: number): number {
  let i = 0;
  while (i + 1 < c.lemAt.length && c.lemAt[i + 1]! <= lemOffset) i++;
  return i;
}

/** Relatives and others a referral speaks of beside the pupil. */
const RELATIVES = '(brother|sister|sibling|cousin|mum|mother|dad|father|parent|aunt|uncle|carer|grandparent|grandmother|grandfather|nan|gran|friend|classmate)s?';
/** A relative named first in a sentence ("His cousin, who lives with the family, …"). */
const RELATIVE_FIRST = new RegExp(`^((his|her|their|[a-z]+'s)\\s+)?(older |younger |twin |step-?|half-?)?${RELATIVES}\\b`);
/** A relative who speaks ("Dad says he was expelled himself"). */
const RELATIVE_SPEAKS = new RegExp(`^(his |her |their )?${RELATIVES}\\b`);
/** A plural subject is not the pupil: "the two younger children in the household are LAC". */
const OTHERS_ARE = /\b(children|siblings|kids|brothers|sisters|twins|cousins)\b[^.;]{0,40}\b(are|were|have been)\b/;

/**
 * Whether a clause speaks of someone other than the pupil. A clause with no subject of its own ("… , was permanently excluded in September") continues the
 * sentence's first clause: when that names another person, so does this one. A relative who speaks
 * of "himself" or "herself" speaks of their own past.
 */
function aboutSomeoneElse(c: Clause, sentence: Clause[], index: number): boolean {
  // "His sister is looked after", "mum was permanently excluded".
  if (OTHER_PERSON.test(c.raw)) return true;
  // "Dad says he was expelled from school himself": the "himself" is the relative's.
  if (RELATIVE_SPEAKS.test(c.raw) && /\b(himself|herself|themselves)\b/.test(c.raw)) return true;
  if (OTHERS_ARE.test(c.raw)) return true;
  if (index === 0 || !['AUX', 'VERB'].includes(c.toks[0]?.pos ?? '')) return false;
  return RELATIVE_FIRST.test(sentence[0]!.raw) && !/\b(he|she|they)\b/.test(sentence[0]!.raw.replace(RELATIVE_FIRST, ''));
}

/** Whether a mention (lemma offsets a..b) is negated: in wink's negation scope or after a negator. */
function negated(c: Clause, a: number, b: number): boolean {
  const first = tokenIndexAt(c, a);
  const last = tokenIndexAt(c, Math.max(a, b - 1));
  // A mention that carries its own negator ("no school place") is read by what precedes it.
  const own = NEGATORS.test(c.lem.slice(a, b));
  // wink's negation scope can run past where this clause begins ("the exclusion no longer stands
  // and she remains on our roll"): it counts only with a negator in the clause before the mention.
  const negatorBefore = c.toks.slice(0, first).some((t) => NEGATORS.test(t.text.toLowerCase()) || NEGATORS.test(t.lemma));
  if (!own && negatorBefore) for (let i = first; i <= last; i++) if (c.toks[i]!.neg) return true;
  const before = c.lem.slice(0, a);
  return NEGATORS.test(before.split(/\s+/).slice(-5).join(' ')) || /\b(not|n't|no longer)\s*$/.test(before);
}

/** The clauses of a text, each with the sentence it belongs to. */
function readClauses(text: string): Array<{ clause: Clause; sentence: Clause[]; index: number }> {
  const out: Array<{ clause: Clause; sentence: Clause[]; index: number }> = [];
  for (const s of tokenise(text)) {
    const cl = clausesOf(s, text);
    cl.forEach((clause, index) => out.push({ clause, sentence: cl, index }));
  }
  return out;
}

function conditionalBefore(sentence: Clause[], index: number): boolean {
  return sentence.slice(0, index).some((c) => /^(if|unless|should|in case|whether)\b/.test(c.lem));
}

function evidenceOf(text: string, c: Clause): string {
  return clip(text.slice(c.start, c.end));
}

/**
 * Every claim the text makes about the five routing facts. A clause about a risk, a plan, a
 * request or a condition states nothing definite and makes no claim, except that a risk of an
 * exclusion says the exclusion has not happened.
 */
export function readClaims(text: string): Claim[] {
  if (!text.trim()) return [];
  const claims: Claim[] = [];
  const all = readClauses(text);
  const sentenceSaysBoxWrong = new Map<Clause[], boolean>();
  for (const { sentence } of all) {
    if (!sentenceSaysBoxWrong.has(sentence)) {
      const raw = sentence.map((c) => c.raw).join(' ');
      // "The date on the form is wrong": the date is, not the boxes the sentence goes on to name.
      const dateWrong = /\b(date|day)\b[^.;]{0,30}\b(wrong|incorrect|in error)\b|\b(wrong|incorrect) (date|day)\b/.test(raw);
      sentenceSaysBoxWrong.set(sentence, !dateWrong && MISTAKE.test(raw) && (BOX.test(raw) || /\b(mistake|by accident|in error)\b/.test(raw)));
    }
  }
  for (const { clause: c, sentence, index } of all) {
    const hedged = HEDGE.test(c.lem) || (WEAK_HEDGE.test(c.lem) && !CERTAIN.test(c.lem)) || conditionalBefore(sentence, index);
    const risk = RISK.test(c.lem);
    const past = PAST.test(c.raw);
    const mistake = sentenceSaysBoxWrong.get(sentence) ?? false;
    for (const field of FIELDS) {
      if (field === 'medicalNeeds') continue;
      const taken: Array<[number, number]> = [];
      for (const concept of CONCEPTS[field]) {
        const re = new RegExp(concept.re.source, 'g');
        let m: RegExpExecArray | null;
        while ((m = re.exec(c.lem))) {
          const a = m.index;
          const b = a + m[0].length;
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          if (taken.some(([x, y]) => a < y && b > x)) continue;
          taken.push([a, b]);
          const evidence = evidenceOf(text, c);
          if (mistake) {
            // "The permanent exclusion box was ticked by mistake": the box is wrong, whatever it says.
            // The value is the box's opposite, decided where the box is known.
            claims.push({ field, value: false, strength: 2, evidence, cue: 'mistake' });
            continue;
          }
          // "Re the EHCP box: …" names the form's question; what follows answers it.
          if (/^\s*(box|tick|field|question)\b/.test(c.lem.slice(b))) continue;
          if (concept.value && aboutSomeoneElse(c, sentence, index)) continue;
          const isNeg = negated(c, a, b);
          const reversed = REVERSALS.test(c.lem) && concept.value;
          if (concept.onlyUndone) {
            if (!hedged && !past && (NEGATORS.test(c.lem) || REVERSALS.test(c.lem))) claims.push({ field, value: false, strength: 1, evidence });
            continue;
          }
          if (concept.riskable && risk && !isNeg) {
            claims.push({ field, value: false, strength: 1, evidence });
            continue;
          }
          if (concept.short) {
            claims.push({ field, value: false, strength: 1, evidence });
            continue;
          }
          if (hedged && !isNeg && !reversed) continue;
          if (past) {
            // A state that was true before is not true now; a past event says nothing of now.
            if (concept.state && concept.value && !isNeg) claims.push({ field, value: false, strength: 1, evidence });
            continue;
          }
          const rawBefore = text.slice(c.start, c.toks[tokenIndexAt(c, a)]!.start).toLowerCase();
          const wasState = concept.state && WAS_BEFORE.test(rawBefore);
          if (wasState && !isNeg) {
            claims.push({ field, value: false, strength: 1, evidence });
            continue;
          }
          const value = isNeg || reversed ? !concept.value : concept.value;
          claims.push({ field, value, strength: concept.strength, evidence });
        }
      }
    }
    // "It was only a five-day suspension": the exclusion was not permanent.
    if (!mistake && /\b(suspension|suspend\w*|fixed[- ](term|period) exclusion)\b/.test(c.lem) && /\b(only|just|really|actually|in fact|merely|simply)\b/.test(c.raw) && !hedged) {
      claims.push({ field: 'permanentlyExcluded', value: false, strength: 2, evidence: evidenceOf(text, c) });
    }
    const medical = readMedical(c, text, sentence, { hedged, past, mistake });
    if (medical) claims.push(medical);
  }
  return claims;
}

/** Whether a medical need, a mental health need or a pregnancy stops the pupil attending. */
function readMedical(c: Clause, text: string, sentence: Clause[], f: { hedged: boolean; past: boolean; mistake: boolean }): Claim | undefined {
  const evidence = evidenceOf(text, c);
  // Another person's illness or pregnancy ("mum is pregnant", "cares for her dad after his stroke") is not the pupil's.
  if (/\b(mum|mother|dad|father|parent|parents|brother|sister|sibling|grandparent|grandmother|grandfather|nan|gran|carer|aunt|uncle|baby)('s|s')?\b/.test(c.raw) && !/\b(she|he|they)('s| is| are| has| have)? (is |are )?(pregnant|unwell|ill)\b/.test(c.raw)) return undefined;
  const sentenceRaw = sentence.map((x) => x.raw).join(' ');
  const causeNearby = MEDICAL_CAUSE.test(c.raw) || MEDICAL_CAUSE.test(sentenceRaw);
  if (f.mistake && (MEDICAL_CAUSE.test(sentenceRaw) || /\bmedical\b/.test(sentenceRaw))) return { field: 'medicalNeeds', value: false, strength: 2, evidence, cue: 'mistake' };
  // Attending fully, or a condition that is well managed: the need does not stop attendance.
  const attendIdx = c.lem.search(/\battend\b/);
  const attendNegated = attendIdx >= 0 && negated(c, attendIdx, attendIdx + 6);
  const unable = /\b(unable|too (ill|unwell|sick|anxious)|not (well|able) enough|can ?not|ca n't|cannot|could n't|could not|struggle\w* to|refus\w* to)\b[^.;]{0,20}\battend/.test(c.lem) || attendNegated;
  if (!f.hedged && !unable && (ATTENDS_FULLY.test(c.lem) || GOOD_ATTENDANCE.test(c.lem))) {
    if (!NEGATORS.test(c.lem.slice(0, Math.max(0, c.lem.search(/\b(attend|well|under|stable|managed|controlled)/))).split(/\s+/).slice(-3).join(' '))) return { field: 'medicalNeeds', value: false, strength: 2, evidence };
  }
  if (f.hedged && !/\b(cannot|can ?not|ca n't|unable)\b/.test(c.lem)) return undefined;
  if (f.past && !/\b(since|for the (next|last|past)|currently|now|still|at present|ongoing)\b/.test(c.raw)) return undefined;
  if (/\b(discharg\w*|recovered|back (in|at) school|returned to school|has returned|no longer)\b/.test(c.raw)) return undefined;
  const absent = ABSENT.exec(c.raw);
  // "No medical absence issues": an absence denied is no absence.
  const absentDenied = absent !== null && NEGATORS.test(c.raw.slice(0, absent.index).split(/\s+/).slice(-4).join(' '));
  if ((unable || (absent && !absentDenied)) && causeNearby) return { field: 'medicalNeeds', value: true, strength: 2, evidence };
  const inpatient = INPATIENT.exec(c.raw);
  // "Was in hospital for six weeks", "was an inpatient": a stay that has ended.
  if (inpatient && !WAS_BEFORE.test(c.raw.slice(0, inpatient.index))) return { field: 'medicalNeeds', value: true, strength: 2, evidence };
  if (PREGNANT.test(c.raw)) return { field: 'medicalNeeds', value: true, strength: 1, evidence };
  return undefined;
}

/** Words that say an arrangement has stopped ("the reduced timetable ended in October"); "ends next week" has not. */
const ENDED = /\b(ended|ceased|stopped|lifted|finished|came off)\b/;

/**
 * Whether the text says an arrangement one of the patterns names is in place now: a mention that
 * is not negated ("no longer on a reduced timetable"), not in the past tense ("was on a reduced
 * timetable for four weeks in September"), not said to have ended, and not only considered or
 * conditional ("we are considering a reduced timetable if things do not improve"). A hedge after
 * the mention does not count ("she is on a reduced timetable and we hope to extend it").
 */
export function statesNow(text: string, patterns: readonly RegExp[]): boolean {
  for (const { clause: c, sentence, index } of readClauses(text)) {
    for (const pattern of patterns) {
      const m = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(c.raw);
      if (!m) continue;
      const before = c.raw.slice(0, m.index);
      const negatedHere = NEGATORS.test(before.split(/\s+/).slice(-5).join(' '));
      // Considered, hoped for or conditional ("we are considering a reduced timetable if…") is not in place.
      const planned = HEDGE.test(before) || conditionalBefore(sentence, index);
      // An afterthought that takes it back: "… a reduced timetable in Y5 - not current."
      const next = sentence[index + 1]?.raw.trim() ?? '';
      const takenBack = /^(but )?(not|no longer|none|never|ended|finished)\b/.test(next) && next.split(/\s+/).length <= 4;
      if (!negatedHere && !planned && !takenBack && !WAS_BEFORE.test(before) && !ENDED.test(c.raw)) return true;
    }
  }
  return false;
}

export interface Contradiction {
  field: Field;
  /** What the text says, against the box. */
  statedValue: boolean;
  evidence: string;
}

/**
 * Where the text, read as a whole, says otherwise than a box. The strongest claims decide: a
 * clause naming the status outranks one that only implies it. Claims both ways at that strength
 * are still a contradiction, so the referrer is asked rather than either being picked silently.
 */
export function contradictions(text: string, boxes: Partial<Record<Field, boolean>>, claims: Claim[] = readClaims(text)): Contradiction[] {
  const out: Contradiction[] = [];
  for (const field of FIELDS) {
    const box = boxes[field];
    if (box === undefined) continue;
    const mine = claims.filter((c) => c.field === field);
    if (!mine.length) continue;
    const mistake = mine.find((c) => c.cue === 'mistake');
    if (mistake) {
      out.push({ field, statedValue: !box, evidence: mistake.evidence });
      continue;
    }
    const top = Math.max(...mine.map((c) => c.strength));
    const against = mine.find((c) => c.strength === top && c.value !== box);
    if (against) out.push({ field, statedValue: against.value, evidence: against.evidence });
  }
  return out;
}

/**
 * What the text says of elective home education: 'suitable' when the parents (or anyone) report
 * it as suitable, 'unsuitable' when it is said not to be or causes concern, 'unknown' when home
 * education is named without either, null when it is not named at all.
 */
export function readHomeEducation(text: string): 'suitable' | 'unsuitable' | 'unknown' | null {
  let named = false;
  let verdict: 'suitable' | 'unsuitable' | undefined;
  for (const { clause: c } of readClauses(text)) {
    if (/\b(elective(ly)? home[- ]?educat\w*|\behe\b|home[- ]?educat\w*|educat\w* at home by (his|her|their) parents)\b/.test(c.lem)) named = true;
    const i = c.lem.search(/\b(suitab\w*|adequate|appropriate|efficient|full[- ]?time education)\b/);
    if (i >= 0) {
      if (negated(c, i, i + 8) || /\b(unsuitab\w*|inadequate|concern\w*|doubt\w*|question\w*|worr\w*|not receiving)\b/.test(c.lem)) verdict = 'unsuitable';
      else if (!HEDGE.test(c.lem.replace(/\b(report\w*|say\w*|said|tell\w*|told|confirm\w*|describ\w*)\b/g, ''))) verdict ??= 'suitable';
    } else if (/\b(unsuitab\w*|inadequate|no (evidence of )?education|not (in receipt of|receiving) (any |suitable )?education)\b/.test(c.lem)) verdict = 'unsuitable';
  }
  if (!named) return null;
  return verdict ?? 'unknown';
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20 };

/** The length of a suspension the text states ("a three-day suspension", "suspended for 8 days"), if any. */
export function readSuspensionDays(text: string): number | null {
  const n = '(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)';
  const m = new RegExp(`\\b${n}[- ](school[- ])?days?'?s?[- ](suspension|fixed[- ](term|period) exclusion)|\\bsuspend\\w* for ${n} (school )?days?|\\bsuspension of ${n} (school )?days?`, 'i').exec(text);
  if (!m) return null;
  const raw = (m[1] ?? m[5] ?? m[7] ?? '').toLowerCase();
  const v = /^\d+$/.test(raw) ? Number(raw) : NUMBER_WORDS[raw];
  return v ?? null;
}

export interface ProvisionAsked {
  /** Full time: said so, five days a week, or more than 18 hours a week (Hillingdon 3.3). */
  fullTime: boolean;
  /** The provider is said to be unregistered. */
  unregistered: boolean;
  /** The provider is said to be registered. */
  registered: boolean;
}

/** What kind of provision the request and reason ask for. */
export function readProvisionAsked(text: string): ProvisionAsked {
  const out: ProvisionAsked = { fullTime: false, unregistered: false, registered: false };
  for (const { clause: c } of readClauses(text)) {
    const ft = c.lem.search(/\b(full[- ]?time|five days|5 days|every day|all week)\b/);
    if (ft >= 0 && !negated(c, ft, ft + 9) && !/\bpart[- ]?time\b/.test(c.lem)) out.fullTime = true;
    const hours = /\b(\d{1,2}(\.\d)?) hours? (a|per|each) week\b/.exec(c.lem);
    if (hours && Number(hours[1]) > 18) out.fullTime = true;
    if (/\b(unregistered|unregulated|not registered|non-registered|out[- ]of[- ]school setting)\b/.test(c.lem) || /\b(unregistered|not registered)\b/.test(c.raw)) out.unregistered = true;
    else {
      const r = c.lem.search(/\bregister(ed)?\b/);
      if (r >= 0 && !negated(c, r, r + 10) && !/\b(de-?regist|roll|register at|registered at|dual|single)\b/.test(c.lem)) out.registered = true;
    }
  }
  return out;
}
