import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assemble } from '../bot/features.js';
import { fixedClock } from '../common/clock.js';
import { createLogger } from '../common/logger.js';
import { loadConfig } from '../config/config.js';
import { KnowledgeBase } from '../knowledge/kb.js';
import { Store } from '../store/store.js';
import { quoteOf } from '../common/text.js';
import { answerStep, goBack, loadWalkthrough, missingAnswer, newWalk, recommend, referralPrefill, type WalkState } from '../walkthrough/engine.js';
import { message, startTestApp, type TestApp } from './helpers/app.js';
import { cardProblems } from './helpers/cards.js';
import { fakeConnector } from './helpers/connector.js';

const def = loadWalkthrough('Hillingdon');
const baseline: Record<string, string> = {
  initials: 'AB', yearGroup: '8', need: 'semh', attendance: 'falling', behaviour: 'some', suspensionDays: '3', exclusion: 'none',
  ehcp: 'no', lookedAfter: 'no', medical: 'no', onRoll: 'yes', ordinarilyAvailable: 'yes', senSupport: 'started', outreach: 'no', views: 'yes',
  plan: 'yes', worked: 'yes', concernText: '',
};

/** Each recommendation path as a row: the answers that differ from a settled pupil, the first recommendation and its title. */
const paths: Array<[string, Record<string, string>, string, RegExp, boolean]> = [
  ['progress is being made', {}, 'continue-cycle', /assess, plan, do, review/, false],
  ['support has not worked and no outreach yet', { worked: 'no' }, 'tier-1-outreach', /targeted support in school/, false],
  ['at risk of exclusion after outreach', { exclusion: 'risk', outreach: 'yes', worked: 'partly' }, 'tier-2-3', /time-limited placement/, false],
  ['reviewed SEN support has not met needs', { senSupport: 'reviewed', worked: 'no', outreach: 'yes' }, 'ehc-needs-assessment', /EHC needs assessment/, false],
  ['an EHC plan', { ehcp: 'yes' }, 'route', /SEND team/, true],
  ['looked after', { lookedAfter: 'yes' }, 'route', /Virtual School/, true],
  ['medically unable to attend', { medical: 'yes' }, 'route', /Pupil Support Team/, true],
  ['no school place', { onRoll: 'no' }, 'route', /Exclusions and Reintegration Team/, true],
  ['permanently excluded', { exclusion: 'excluded', lookedAfter: 'yes' }, 'route', /Exclusions and Reintegration Team/, true],
  // The same rule as routing: home education reported suitable, and Year 12-13, are not "no school place".
  ['electively home educated, reported suitable', { onRoll: 'ehe' }, 'route', /instead of a referral/, false],
  ['in Year 12 with no school place', { onRoll: 'no', yearGroup: '12' }, 'route', /instead of a referral/, false],
];

describe('graduated approach recommendations', () => {
  it.each(paths)('when %s', (_name, over, first, title, referral) => {
    const recs = recommend(def, { ...baseline, ...over });
    expect(recs[0]!.id).toBe(first);
    expect(recs[0]!.title).toMatch(title);
    expect(recs.some((r) => r.referral)).toBe(referral);
    for (const r of recs) expect(r.cite.length + (r.query ? 1 : 0)).toBeGreaterThan(0);
  });

  it('says "talk to them first" where the guidance says the school discusses AP with the team first', () => {
    expect(recommend(def, { ...baseline, lookedAfter: 'yes' })[0]!.title).toBe('Talk to the Virtual School first, then refer');
    expect(recommend(def, { ...baseline, ehcp: 'yes' })[0]!.title).toMatch(/^Talk to the SEND .* first, then refer$/);
    expect(recommend(def, { ...baseline, exclusion: 'excluded' })[0]!.title).toBe('Refer to the Exclusions and Reintegration Team');
  });

  it('credits the graduated approach to the SEND Code of Practice, has a Plan step, and cites no invented threshold', () => {
    expect(def.title).toMatch(/SEND Code of Practice/);
    expect(def.steps.map((s) => s.phase)).toEqual(expect.arrayContaining(['Assess', 'Plan', 'Do', 'Review']));
    const ehcna = def.recommendations.find((r) => r.id === 'ehc-needs-assessment')!;
    expect(ehcna.cite).toEqual([{ source: 'SEND Code of Practice: 0 to 25 years (DfE, 2015)', paragraph: '6.63' }]);
    expect(JSON.stringify(def)).not.toMatch(/two (or more )?(review )?cycles/i);
    // Tiers are cited from the tiers paragraph (11.4), not from who commissions (5.2) alone.
    expect(def.recommendations.find((r) => r.id === 'tier-1-outreach')!.cite).toEqual([{ doc: '003', paragraph: '11.4' }]);
  });

  it.each<[string, Record<string, string>, RegExp, boolean]>([
    ['Bury', { exclusion: 'excluded' }, /Ashgrove/, true],
    ['Bromley', { exclusion: 'excluded' }, /BTA Hayes/, true],
    ['BCP', { lookedAfter: 'yes' }, /do not set out this route/, false],
    ['Bury', { ehcp: 'yes' }, /do not set out this route/, false],
  ])('%s: the route comes from its own policy, or says it is not defined', (authority, over, title, referral) => {
    const recs = recommend(loadWalkthrough(authority), { ...baseline, ...over });
    expect(recs[0]!.title).toMatch(title);
    expect(recs[0]!.referral).toBe(referral);
    expect(JSON.stringify(recs)).not.toMatch(/"003"|003 §/);
  });

  it.each(['Hillingdon', 'Bury', 'Bromley', 'BCP'])('%s: every cited passage is found in the corpus', (authority) => {
    const kb = KnowledgeBase.build();
    for (const r of loadWalkthrough(authority).recommendations) {
      for (const c of r.cite) {
        if ('source' in c) continue;
        const found = 'paragraph' in c
          ? kb.chunks.some((k) => k.docFile.startsWith(c.doc) && k.paragraph === c.paragraph)
          : kb.chunks.some((k) => k.docFile.startsWith(c.doc) && (!c.heading || k.headingPath.includes(c.heading)) && k.text.includes(c.contains));
        expect(found, `${authority} ${r.id} ${JSON.stringify(c)}`).toBe(true);
      }
    }
  });

  it.each(['Hillingdon', 'Bury', 'Bromley', 'BCP'])('%s: every quote ends where a sentence or clause of the document does', (authority) => {
    const kb = KnowledgeBase.build();
    const norm = (t: string) => t.replace(/\*\*/g, '').replace(/ \| /, ': ').replace(/ \| /g, '; ').replace(/^\s*[-–•*]\s+/gm, '').replace(/\s+/g, ' ');
    for (const r of loadWalkthrough(authority).recommendations) {
      for (const c of r.cite) {
        if ('source' in c) continue;
        const chunk = 'paragraph' in c
          ? kb.chunks.find((k) => k.docFile.startsWith(c.doc) && k.paragraph === c.paragraph)!
          : kb.chunks.find((k) => k.docFile.startsWith(c.doc) && (!c.heading || k.headingPath.includes(c.heading)) && k.text.includes(c.contains))!;
        const from = 'contains' in c ? chunk.text.slice(chunk.text.indexOf(c.contains)) : chunk.text;
        const q = quoteOf(from);
        const at = norm(from).indexOf(q.replace(/…$/, ''));
        expect(at, `${authority} ${r.id}: "${q}" is the document's own words`).toBeGreaterThanOrEqual(0);
        const after = norm(from).slice(at + q.replace(/…$/, '').length);
        // What follows the quote is the end of the passage, a new sentence or list item, or (after "…") a clause boundary.
        if (q.endsWith('…')) expect(after, `${authority} ${r.id}: "${q}"`).toMatch(/^(?:[,;:]| [–—-]) /);
        else expect(after, `${authority} ${r.id}: "${q}"`).toMatch(/^$|^ \S/);
        if (!q.endsWith('…')) expect(q, `${authority} ${r.id}`).toMatch(/[.!?:;)"”’\w]$/);
      }
    }
  });

  it('quotes the passages users saw cut mid-phrase as whole sentences or whole clauses', () => {
    const kb = KnowledgeBase.build();
    const para = (p: string) => kb.chunks.find((k) => k.docFile.startsWith('003') && k.paragraph === p)!.text;
    expect(quoteOf(para('6.3'))).toMatch(/^Equally, where a child is looked after .* and the child's social worker\.$/);
    expect(quoteOf(para('11.4'))).toMatch(/^Our ambition for alternative provision in Hillingdon is to: Create a three-tier alternative provision system, focusing on targeted early support within mainstream school[^…]*(…)?$/);
    expect(quoteOf(para('11.4'))).not.toMatch(/ - |placements in an…/);
    expect(quoteOf('Equally, where a child is looked after, any placement should first be discussed with the Virtual School Officer and the social worker.', 80)).toBe('Equally, where a child is looked after…');
  });

  it('asks for a missing answer in the words of its kind of input', () => {
    expect(missingAnswer({ type: 'choice' })).toBe('choose an answer');
    expect(missingAnswer({ type: 'text' })).toBe('write an answer');
    expect(missingAnswer({ type: 'number' })).toMatch(/number/);
    const s = newWalk('2026-11-24T10:00:00Z');
    const r = answerStep(def, s, 'pupil', 1, { yearGroup: '8', need: 'semh' });
    expect(r).toMatchObject({ ok: false, errors: { initials: 'write an answer' } });
  });

  it.each(['Bury', 'Bromley', 'BCP'])('%s: tiers are cited from its own document', (authority) => {
    const w = loadWalkthrough(authority);
    for (const id of ['tier-1-outreach', 'tier-2-3']) {
      const cites = w.recommendations.find((r) => r.id === id)!.cite;
      expect(cites.length).toBeGreaterThan(0);
      for (const c of cites) expect(c).not.toHaveProperty('doc', '003');
    }
  });

  it('turns what was learnt into referral answers', () => {
    const prefill = referralPrefill({ ...baseline, ehcp: 'yes', exclusion: 'excluded', suspensionDays: '6', concernText: 'Escalating incidents at lunchtime.', senSupport: 'reviewed' });
    expect(prefill).toMatchObject({ yearGroup: 8, hasEhcp: true, permanentlyExcluded: true, onSchoolRoll: true, lookedAfter: false });
    // The current suspension and a reduced timetable are not asked by the walkthrough: left unset.
    expect(prefill).not.toHaveProperty('suspensionDays');
    expect(prefill).not.toHaveProperty('notInFullTimeEducation');
    expect(prefill.reason).toMatch(/Escalating incidents at lunchtime\. Tried so far: ordinarily available provision, SEN support, reviewed\. Suspended for 6 days in total this school year\./);
    expect(referralPrefill({ ...baseline, onRoll: 'ehe' })).toMatchObject({ onSchoolRoll: false });
  });
});

describe('the walkthrough engine', () => {
  const first = (s: WalkState) => answerStep(def, s, 'pupil', s.version, { initials: 'ab', yearGroup: '8', need: 'semh' });

  it('refuses a missing choice, a full name, a stale card and a tampered step, keeping what was saved', () => {
    const s = newWalk('2026-11-24T10:00:00Z');
    expect(answerStep(def, s, 'pupil', 1, { initials: 'AB', yearGroup: '8' })).toMatchObject({ ok: false, errors: { need: 'choose an answer' } });
    expect(answerStep(def, s, 'pupil', 1, { initials: 'Jamie Smith', yearGroup: '8', need: 'ci' })).toMatchObject({ ok: false, errors: { initials: expect.stringMatching(/no full names/) } });
    expect(answerStep(def, s, 'pupil', 1, { initials: 'AB', yearGroup: '8', need: 'made-up' })).toMatchObject({ ok: false, errors: { need: expect.any(String) } });
    const moved = first(s);
    if (!('ok' in moved) || !moved.ok) throw new Error('expected to move on');
    expect(moved.state).toMatchObject({ step: 1, initials: 'AB' });
    expect(answerStep(def, moved.state, 'pupil', 1, { initials: 'CD', yearGroup: '8', need: 'ci' })).toHaveProperty('stale');
    expect(answerStep(def, moved.state, 'review', moved.state.version, {})).toHaveProperty('stale');
    const back = goBack(moved.state, moved.state.version);
    expect(back).toMatchObject({ step: 0, answers: { need: 'semh' } });
  });
});

describe('the walkthrough in chat', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  async function app(path: string) {
    const config = loadConfig({ LOG_LEVEL: 'silent' }, { envFile: null });
    const store = await Store.open({ kind: 'sqlite', path });
    const parts = assemble({ config, store, logger: createLogger('silent'), clock: fixedClock('2026-11-24T10:00:00Z') });
    return startTestApp({ features: parts.features, location: { kind: 'sqlite', path } });
  }
  type Card = { body: Array<Record<string, unknown>>; actions: Array<{ verb?: string; data?: Record<string, unknown> }> };
  const invoke = async (verb: string, data: Record<string, unknown>) => {
    const res = await t.send(message('', { type: 'invoke', name: 'adaptiveCard/action', deliveryMode: undefined, value: { action: { type: 'Action.Execute', verb, data: { action: verb, ...data } } } }));
    const value = (res.body as { value: unknown }).value;
    return typeof value === 'string' ? { message: value, card: undefined } : { message: undefined, card: value as Card };
  };
  const dataOf = (c: Card, verb: string) => c.actions.find((a) => a.verb === verb)!.data!;
  const firstCard = (r: { replies: Array<Record<string, unknown>> }) => (r.replies.at(-1)!.attachments as Array<{ content: Card }>)[0]!.content;

  /** A conversation as a table: each row is what the user does and what the bot must show. */
  const transcript: Array<[string, Record<string, string>, RegExp]> = [
    ['pupil', { initials: 'AB', yearGroup: '8', need: 'semh' }, /Assess: The concern/],
    ['concern', { attendance: 'falling', behaviour: 'serious', suspensionDays: '7', exclusion: 'risk' }, /Assess: The pupil's status/],
    ['status', { ehcp: 'no', lookedAfter: 'no', medical: 'no', onRoll: 'yes' }, /Plan: The plan/],
    ['plan', { plan: 'yes', views: 'yes' }, /Do: What has been done/],
    ['tried', { ordinarilyAvailable: 'yes', senSupport: 'reviewed', outreach: 'yes' }, /Review: Review/],
    ['review', { worked: 'no', concernText: 'Fights at lunchtime' }, /Consider a time-limited placement.*Hillingdon AP Guidance 2024\/25, 11\.4/],
  ];

  it('walks a teacher through each step to a cited recommendation, survives a restart, and goes back to change an answer', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wt-')), 'wt.db');
    t = await app(path);
    let card = firstCard(await t.send(message('graduated approach')));
    expect(cardProblems(card)).toEqual([]);
    for (const [i, [step, answers, expected]] of transcript.entries()) {
      const r = await invoke('wt.answer', { ...dataOf(card, 'wt.answer') ?? {}, step, ...answers });
      card = r.card!;
      expect(JSON.stringify(card)).toMatch(expected);
      expect(cardProblems(card)).toEqual([]);
      if (i === 1) {
        // Leave, restart the bot, and resume exactly there.
        await t.close();
        t = await app(path);
        const resumed = firstCard(await t.send(message('resume walkthrough')));
        expect(JSON.stringify(resumed)).toMatch(/Assess: The pupil's status/);
        card = resumed;
      }
      if (step === 'review') break;
    }
    // A typed question in the middle is answered, and the place is kept.
    const q = await t.send(message('what does EOTAS mean?'));
    expect(JSON.stringify(q.replies)).toMatch(/otherwise than at school/i);
    // Back from the recommendation, change the last answer: now it is working.
    const back = await invoke('wt.back', { ...dataOf(card, 'wt.back') });
    const changed = await invoke('wt.answer', { ...dataOf(back.card!, 'wt.answer'), step: 'review', worked: 'yes', concernText: '' });
    expect(JSON.stringify(changed.card)).toMatch(/Carry on the assess, plan, do, review cycle/);
    // The old card from before the change is refused.
    const stale = await invoke('wt.back', { ...dataOf(card, 'wt.back') });
    expect(stale.message).toMatch(/out of date/);
  });

  it('puts the safeguarding signpost first on the recommendation when the concern written suggests risk, and only then', async () => {
    for (const [i, [concernText, signposted]] of ([
      ['He told his TA that his stepdad hits him when he has been drinking', true],
      // (A form errs towards the signpost: "fights at lunchtime" now gets it, see knowledge/guard.ts.)
      ['Refuses to go to lessons and has fallen behind in maths since Year 8', false],
    ] as const).entries()) {
      if (i > 0) await t.close();
      t = await app(join(mkdtempSync(join(tmpdir(), 'wt-')), 'wt.db'));
      let card = firstCard(await t.send(message('graduated approach')));
      for (const [step, answers] of transcript.map(([s, a]) => [s, s === 'review' ? { ...a, concernText } : a] as const)) {
        card = (await invoke('wt.answer', { ...dataOf(card, 'wt.answer') ?? {}, step, ...answers })).card!;
      }
      const shown = JSON.stringify(card);
      expect(shown.includes('If a child may be at immediate risk')).toBe(signposted);
      if (signposted) expect(shown.indexOf('If a child may be at immediate risk')).toBeLessThan(shown.indexOf('Recommendation for'));
    }
  });

  it('hands off to a referral already filled in with what it learnt', async () => {
    t = await app(join(mkdtempSync(join(tmpdir(), 'wt-')), 'wt.db'));
    let card = firstCard(await t.send(message('help with a pupil')));
    const answers: Array<[string, Record<string, string>]> = [
      ['pupil', { initials: 'CD', yearGroup: '10', need: 'semh' }],
      ['concern', { attendance: 'ok', behaviour: 'serious', suspensionDays: '12', exclusion: 'excluded' }],
      ['status', { ehcp: 'yes', lookedAfter: 'no', medical: 'no', onRoll: 'yes' }],
      ['plan', { plan: 'yes', views: 'partly' }],
      ['tried', { ordinarilyAvailable: 'yes', senSupport: 'reviewed', outreach: 'yes' }],
      ['review', { worked: 'no', concernText: 'Assault on a member of staff' }],
    ];
    for (const [step, a] of answers) card = (await invoke('wt.answer', { ...dataOf(card, 'wt.answer'), step, ...a })).card!;
    expect(JSON.stringify(card)).toMatch(/Refer to the Exclusions and Reintegration Team/);
    expect(JSON.stringify(card)).toMatch(/Hillingdon AP Guidance 2024\/25, 5\.6/);
    // The referral comes as a new message; the recommendation card it was started from stays as it was.
    const connector = await fakeConnector();
    const refer = await t.send(message('', { type: 'invoke', name: 'adaptiveCard/action', deliveryMode: undefined, serviceUrl: connector.url, value: { action: { type: 'Action.Execute', verb: 'wt.refer', data: { action: 'wt.refer', ...dataOf(card, 'wt.refer') } } } }));
    await connector.close();
    const kept = (refer.body as { value: Card }).value;
    expect(JSON.stringify(kept)).toMatch(/Refer to the Exclusions and Reintegration Team/);
    expect(JSON.stringify(kept)).toMatch(/The referral form is in the next message/);
    expect(kept.actions.map((a) => a.verb)).not.toContain('wt.refer');
    expect(connector.sent).toHaveLength(1);
    expect(JSON.stringify(connector.sent[0]!.body)).toMatch(/AP referral: The pupil/);
    const draft = await t.store.db.selectFrom('referral_drafts').select('data').executeTakeFirstOrThrow();
    const values = JSON.parse(draft.data).values as Record<string, unknown>;
    expect(values).toMatchObject({ yearGroup: 10, hasEhcp: true, permanentlyExcluded: true, reason: expect.stringMatching(/Assault on a member of staff.*Suspended for 12 days in total this school year/) });
    // What the walkthrough never asked is left for the referrer, not pre-set.
    expect(values).not.toHaveProperty('notInFullTimeEducation');
    expect(values).not.toHaveProperty('suspensionDays');
    // A second walkthrough for the same pupil resumes the first rather than losing it.
    const again = firstCard(await t.send(message('graduated approach')));
    expect(JSON.stringify(again)).toMatch(/Assess: The pupil/);
    const r = await t.send(message('', { type: 'invoke', name: 'adaptiveCard/action', deliveryMode: undefined, value: { action: { type: 'Action.Execute', verb: 'wt.answer', data: { action: 'wt.answer', ...dataOf(again, 'wt.answer'), initials: 'cd', yearGroup: '10', need: 'ci' } } } }));
    expect(JSON.stringify(r.body)).toMatch(/already have a walkthrough for CD.*Refer to the Exclusions and Reintegration Team/);
  });
});
