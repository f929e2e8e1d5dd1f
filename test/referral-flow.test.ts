import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { assemble } from '../bot/features.js';
import { createApp, type App } from '../bot/server.js';
import { fixedClock } from '../common/clock.js';
import { createLogger } from '../common/logger.js';
import { loadConfig } from '../config/config.js';
import { Store } from '../store/store.js';
import { cardProblems } from './helpers/cards.js';
import { fakeConnector } from './helpers/connector.js';
import { freshLocation } from './helpers/stores.js';

type Card = { body: Array<Record<string, unknown>>; actions?: Array<{ type: string; verb?: string; data?: Record<string, unknown>; card?: { actions?: Array<{ verb?: string; data?: Record<string, unknown> }> } }> };

async function world(location?: Awaited<ReturnType<typeof freshLocation>>, env: Record<string, string> = {}) {
  const logLines: string[] = [];
  const logSink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const connector = await fakeConnector();
  // Olive holds the LA admin setting, so she may link channels; she is not an officer of every team.
  const config = loadConfig({ LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '50', LA_ADMIN_AAD_IDS: 'aad-olive', LA_TENANT_ID: 'tenant-la', ...env }, { envFile: null });
  const store = await Store.open(location ?? (await freshLocation('sqlite')));
  const clock = fixedClock('2026-11-23T09:00:00Z');
  const parts = assemble({ config, store, logger: createLogger('silent'), clock });
  let stop: (() => Promise<void>) | undefined;
  const app: App = createApp({ config, store, logger: createLogger('info', logSink), features: parts.features, board: parts.board, onClose: async () => stop?.() });
  const { url } = await app.listen(0, '127.0.0.1');
  stop = parts.startWorker(app.adapter);
  let seq = 0;
  const post = async (activity: Record<string, unknown>) => {
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: `a${++seq}`, channelId: 'msteams', serviceUrl: connector.url, recipient: { id: 'bot' }, ...activity }) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const head = { from: { id: '29:head', aadObjectId: 'aad-head', name: 'Hana Head' }, conversation: { id: 'dm-head', conversationType: 'personal' } };
  const officer = { from: { id: '29:olive', aadObjectId: 'aad-olive', name: 'Olive Officer' }, conversation: { id: '19:exclusions@thread.tacv2;messageid=1', conversationType: 'channel', tenantId: 'tenant-la' }, channelData: { channel: { id: '19:exclusions@thread.tacv2' }, team: { id: 't1' }, tenant: { id: 'tenant-la' } } };
  const say = (who: Record<string, unknown>, text: string, extra: Record<string, unknown> = {}) =>
    post({ type: 'message', text, deliveryMode: 'expectReplies', ...who, ...extra });
  const act = async (who: Record<string, unknown>, verb: string, data: Record<string, unknown>) => {
    const r = await post({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data: { action: verb, ...data } }, trigger: 'manual' }, ...who });
    const value = (r.body as { value?: unknown } | undefined)?.value;
    return { status: r.status, card: typeof value === 'object' ? (value as Card) : undefined, message: typeof value === 'string' ? value : undefined };
  };
  return { logLines, connector, store, app, clock, say, act, head, officer, close: async () => { await app.close(); await connector.close(); } };
}

const cardText = (c: Card | undefined) => JSON.stringify(c ?? {});
const dataOf = (c: Card, verb: string) => c.actions!.find((a) => a.verb === verb)!.data!;
const until = async (fn: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('a referral from chat to a closed case', () => {
  let w: Awaited<ReturnType<typeof world>>;
  afterEach(async () => w?.close());

  it('walks the head through the form, routes it, posts it to the team, and keeps the head told', async () => {
    w = await world();
    // The officer links the Exclusions channel.
    const link = await w.say(w.officer, '<at>AP Assist</at> link Exclusions', { entities: [{ type: 'mention', mentioned: { id: 'bot' }, text: '<at>AP Assist</at>' }] });
    expect(JSON.stringify(link.body)).toMatch(/now receives new Exclusions and Reintegration Team cases/);

    // The head starts a referral: the first section.
    const start = await w.say(w.head, 'start a referral');
    const first = ((start.body as { activities: Array<{ attachments: Array<{ content: Card }> }> }).activities[0]!.attachments[0]!.content);
    expect(cardProblems(first)).toEqual([]);
    let data = dataOf(first, 'referral.save');

    // A date of birth that does not fit the year group comes back next to the field, values kept.
    let r = await w.act(w.head, 'referral.save', { ...data, pupilName: 'Sam Pupil', dateOfBirth: '2019-03-01', yearGroup: '9', upn: '', school: 'Oak Academy' });
    expect(cardText(r.card)).toMatch(/would be in .* not Year 9/);
    expect(cardText(r.card)).toContain('Sam Pupil');
    expect(cardProblems(r.card)).toEqual([]);
    r = await w.act(w.head, 'referral.save', { ...data, pupilName: 'Sam Pupil', dateOfBirth: '2012-03-01', yearGroup: '9', upn: '', school: 'Oak Academy' });
    data = dataOf(r.card!, 'referral.save');
    r = await w.act(w.head, 'referral.save', { ...data, referrerName: 'Hana Head', referrerRole: 'Head teacher', referrerContact: 'head@oak.sch.uk' });
    data = dataOf(r.card!, 'referral.save');
    r = await w.act(w.head, 'referral.save', { ...data, hasEhcp: 'false', lookedAfter: 'false', permanentlyExcluded: 'true', exclusionStartDate: '2026-11-20', suspensionDays: '3', medicalNeeds: 'false', onSchoolRoll: 'true', notInFullTimeEducation: 'false' });
    data = dataOf(r.card!, 'referral.save');
    r = await w.act(w.head, 'referral.save', { ...data, reason: 'Permanently excluded after an assault on a member of staff.', requested: 'Provision from day 6', parentsInformed: 'true', pupilViews: '' });

    // The preview: where it goes, why, and the deadline.
    const preview = r.card!;
    expect(cardProblems(preview)).toEqual([]);
    expect(cardText(preview)).toMatch(/Exclusions and Reintegration Team/);
    expect(cardText(preview)).toMatch(/Provision from Friday 27 November 2026/);
    // The reason in words with the document and paragraph a head can look up; no rule codes or file numbers.
    expect(cardText(preview)).toMatch(/Permanent exclusion: the Exclusions and Reintegration Team commissions provision[^"]*\(Hillingdon AP Guidance 2024\/25, 5\.6\)/);
    expect(cardText(preview)).not.toMatch(/\bP1\b|\b003\b|§|VirtualSchool/);
    // Every detail entered is there to check.
    for (const detail of ['Sam Pupil', '1 March 2012', 'Year 9', 'Oak Academy', 'Hana Head, Head teacher', 'head@oak.sch.uk', 'Yes, from 20 November 2026', 'Provision from day 6', 'Parents or carers informed']) expect(cardText(preview)).toContain(detail);
    expect(cardText(preview)).not.toMatch(/Your duty/); // excluded pupils carry a deadline, not a referrer duty
    const submit = dataOf(preview, 'referral.submit');

    // Submitting twice (a double click) makes one case.
    const [s1, s2] = await Promise.all([w.act(w.head, 'referral.submit', submit), w.act(w.head, 'referral.submit', submit)]);
    expect(cardText(s1.card) + cardText(s2.card)).toMatch(/AP-2026-00001/);
    // One true statement of where the case is: the channel is linked, so it is being posted there.
    expect(cardText(s1.card)).toMatch(/On the Exclusions and Reintegration Team's case board, and being posted to their channel in Teams/);
    expect(await w.store.db.selectFrom('cases').selectAll().execute()).toHaveLength(1);

    // The case card reaches the linked channel through the outbox.
    // Each case is its own post in the channel, not a reply in the thread of the link message.
    await until(() => w.connector.postsIn('19:exclusions@thread.tacv2').length > 0);
    expect(w.connector.to('19:exclusions@thread.tacv2;messageid=1').filter((s) => s.body.type === 'message')).toHaveLength(0);
    const post = w.connector.postsIn('19:exclusions@thread.tacv2')[0]!;
    const posted = post.body as { attachments: Array<{ content: Card }> };
    const caseCard = posted.attachments[0]!.content;
    expect(cardProblems(caseCard)).toEqual([]);
    expect(cardText(caseCard)).toMatch(/OVERDUE|school days? left/);
    // The card everyone in the channel sees is read-only; it refreshes for the team's officers,
    // so each sees the actions they may take.
    expect(caseCard.actions ?? []).toEqual([]);
    expect(cardText(caseCard)).toMatch(/choose \*\*Refresh card\*\*/);
    const refresh = (caseCard as unknown as { refresh: { userIds: string[]; action: { verb: string; data: { caseId: string } } } }).refresh;
    expect(refresh).toMatchObject({ userIds: ['29:olive'], action: { verb: 'case.refresh' } });
    const strangerView = await w.act({ from: { id: '29:x', aadObjectId: 'aad-x', name: 'X' }, conversation: { id: 'dm-x', conversationType: 'personal' } }, 'case.refresh', { caseId: refresh.action.data.caseId });
    expect(strangerView.card!.actions ?? []).toEqual([]);
    const officerView = await w.act(w.officer, 'case.refresh', { caseId: refresh.action.data.caseId });
    const accept = dataOf(officerView.card!, 'case.accept');

    // Someone outside the team's channel cannot act.
    const stranger = { from: { id: '29:x', aadObjectId: 'aad-x', name: 'X' }, conversation: { id: 'dm-x', conversationType: 'personal' } };
    const refused = await w.act(stranger, 'case.accept', accept);
    expect(refused.message).toMatch(/Only officers/);

    // The officer accepts; the head is told.
    const accepted = await w.act(w.officer, 'case.accept', accept);
    expect(cardText(accepted.card)).toMatch(/Accepted/);
    // The card an action returns keeps its refresh, so it stays live for every officer.
    expect((accepted.card as unknown as { refresh: { userIds: string[] } }).refresh.userIds).toContain('29:olive');
    await until(() => w.connector.to('dm-head').some((s) => /accepted/.test(String(s.body.text))));

    // A click on the old card is refused: the case has moved on.
    const stale = await w.act(w.officer, 'case.accept', accept);
    expect(cardText(stale.card)).toMatch(/Accepted/);
    expect((await w.store.db.selectFrom('case_events').selectAll().execute()).filter((e) => e.action === 'accepted')).toHaveLength(1);

    // The officer closes it with an outcome; the head is told, and the channel card is updated in place.
    const closeData = accepted.card!.actions!.find((a) => a.type === 'Action.ShowCard' && JSON.stringify(a).includes('case.close'))!.card!.actions![0]!.data!;
    const closed = await w.act(w.officer, 'case.close', { ...closeData, outcome: 'placement_agreed' });
    expect(cardText(closed.card)).toMatch(/Closed: Placement agreed/);
    await until(() => w.connector.to('dm-head').some((s) => /closed: placement agreed/.test(String(s.body.text))));
    await until(() => w.connector.sent.some((s) => s.method === 'PUT' && s.conversationId === post.conversationId && s.activityId === post.activityId));
    const again = await w.act(w.officer, 'case.assign', { ...closeData, version: 3 });
    expect(again.message).toMatch(/closed/);

    // One log line per turn, and nothing about the pupil, the reason or anyone's name in any of them.
    const logs = w.logLines.join('\n');
    expect(w.logLines.filter((l) => JSON.parse(l).msg === 'turn').length).toBeGreaterThanOrEqual(10);
    for (const secret of ['Sam Pupil', '2012-03-01', 'Oak Academy', 'assault', 'Hana', 'Olive', 'head@oak.sch.uk', 'aad-head']) expect(logs).not.toContain(secret);
  }, 30_000);

  it("refuses to touch someone else's draft, even with its id", async () => {
    w = await world();
    const start = await w.say(w.head, 'start a referral');
    const first = (start.body as { activities: Array<{ attachments: Array<{ content: Card }> }> }).activities[0]!.attachments[0]!.content;
    const other = { from: { id: '29:eve', aadObjectId: 'aad-eve', name: 'Eve' }, conversation: { id: 'dm-eve', conversationType: 'personal' } };
    const r = await w.act(other, 'referral.discard', dataOf(first, 'referral.save'));
    expect(r.message).toMatch(/not found/);
    expect(await w.store.db.selectFrom('referral_drafts').select('status').execute()).toEqual([{ status: 'open' }]);
    const tampered = await w.act(w.head, 'referral.save', { ...dataOf(first, 'referral.save'), draftId: 'not-a-uuid' });
    expect(tampered.message).toMatch(/could not be read/);
  });

  it('flags an overdue deadline before sending, records the confirmed contradiction, and says where a case with no channel is', async () => {
    w = await world();
    await w.say(w.head, 'hello');
    const start = await w.say(w.head, 'start a referral');
    const first = (start.body as { activities: Array<{ attachments: Array<{ content: Card }> }> }).activities.at(-1)!.attachments[0]!.content;
    let r = await w.act(w.head, 'referral.save', { ...dataOf(first, 'referral.save'), pupilName: 'Sam Pupil', dateOfBirth: '2012-03-01', yearGroup: '9', upn: '', school: 'Oak Academy' });
    r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), referrerName: 'Hana Head', referrerRole: 'Head teacher', referrerContact: 'head@oak.sch.uk' });
    // Excluded from Friday 13 November; a looked-after child's provision is due from the first day, long past today (Monday 23rd).
    r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), hasEhcp: 'false', lookedAfter: 'false', permanentlyExcluded: 'true', exclusionStartDate: '2026-11-13', suspensionDays: '0', medicalNeeds: 'false', onSchoolRoll: 'true', notInFullTimeEducation: 'false' });
    r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), reason: 'Permanently excluded. He is accommodated under section 20.', requested: 'Provision', parentsInformed: 'true', pupilViews: '' });
    expect(cardText(r.card)).toMatch(/Please confirm one thing first/);
    const confirm = r.card!.actions!.find((a) => a.verb === 'referral.confirm' && (a.data as { choice?: string }).choice === 'text')!.data!;
    r = await w.act(w.head, 'referral.confirm', confirm);
    const preview = cardText(r.card);
    expect(preview).toMatch(/Provision was due from Friday 13 November 2026: already overdue\. Phone the Exclusions and Reintegration Team today/);
    // Said once: the Deadline line gives the date, and the suspension is shown as the form asked it.
    expect(preview.match(/Phone the Exclusions and Reintegration Team today/g)).toHaveLength(1);
    expect(preview).toMatch(/"title":"Deadline","value":"Friday 13 November 2026 \(overdue\)"/);
    expect(preview).toMatch(/"title":"Current suspension","value":"None"/);
    const sent = await w.act(w.head, 'referral.submit', dataOf(r.card!, 'referral.submit'));
    // No channel is linked for the team: the confirmation says so, and what the LA must do.
    expect(cardText(sent.card)).toMatch(/On the Exclusions and Reintegration Team's case board\. The team has not linked a Teams channel yet/);
    expect(cardText(sent.card)).toMatch(/link Exclusions/);
    expect(cardText(sent.card)).not.toMatch(/being posted/);
    // The head's list of referrals says the same in plain words and an English date.
    const list = JSON.stringify((await w.say(w.head, 'cases')).body);
    expect(list).toMatch(/Your open referrals.*AP-2026-\d{5}\*\* · Exclusions and Reintegration Team · New · overdue since Friday 13 November/);
    expect(list).not.toMatch(/OVERDUE|\d{4}-\d{2}-\d{2}/);
    const events = await w.store.db.selectFrom('case_events').select(['action', 'detail']).execute();
    expect(events).toContainEqual({ action: 'confirmed with the referrer', detail: expect.stringMatching(/under section 20": the reason is right: looked after$/) });
    // The officer's card carries the referrer's answer.
    const c = await w.store.db.selectFrom('cases').select('id').executeTakeFirstOrThrow();
    const officerView = await w.act(w.officer, 'case.refresh', { caseId: c.id });
    // Rule ids stay in the stored audit record; the officer's card reads in words.
    expect(events).toContainEqual({ action: 'submitted', detail: expect.stringMatching(/\(rules P1, /) });
    expect(cardText(officerView.card)).toMatch(/submitted: routed to Exclusions and Reintegration Team/);
    expect(cardText(officerView.card)).not.toMatch(/\(rules |\bDL1\b|§/);
    expect(cardText(officerView.card)).toMatch(/Checked with the referrer:\*\* the reason says \\"[^"]*under section 20\\"; they confirmed the reason is right: looked after/);
    // The draft keeps no copy of the pupil's details once the case holds them.
    const draftRow = await w.store.db.selectFrom('referral_drafts').select('data').executeTakeFirstOrThrow();
    expect(draftRow.data).not.toContain('Sam Pupil');
  });

  it('keeps a draft through a restart and resumes it where the head left it', async () => {
    const location = await freshLocation('sqlite');
    w = await world(location);
    const start = await w.say(w.head, 'start a referral');
    const first = (start.body as { activities: Array<{ attachments: Array<{ content: Card }> }> }).activities[0]!.attachments[0]!.content;
    await w.act(w.head, 'referral.save', { ...dataOf(first, 'referral.save'), pupilName: 'Sam Pupil', dateOfBirth: '2012-03-01', yearGroup: '9', upn: '', school: 'Oak Academy' });
    await w.close();
    w = await world(location);
    const resumed = await w.say(w.head, 'resume referral');
    expect(JSON.stringify(resumed.body)).toMatch(/Resuming your draft referral started 23 November 2026/);
    expect(JSON.stringify(resumed.body)).toMatch(/referrerName/);
  });
});

describe('delivery to a team channel that fails', () => {
  let w: Awaited<ReturnType<typeof world>>;
  afterEach(async () => w?.close());

  async function submitted(w: Awaited<ReturnType<typeof world>>) {
    await w.say(w.head, 'hello'); // the head's chat is known, so notices can reach it
    const start = await w.say(w.head, 'start a referral');
    const first = (start.body as { activities: Array<{ attachments: Array<{ content: Card }> }> }).activities.at(-1)!.attachments[0]!.content;
    let r = await w.act(w.head, 'referral.save', { ...dataOf(first, 'referral.save'), pupilName: 'Sam Pupil', dateOfBirth: '2012-03-01', yearGroup: '9', upn: '', school: 'Oak Academy' });
    r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), referrerName: 'Hana Head', referrerRole: 'Head teacher', referrerContact: 'head@oak.sch.uk' });
    r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), hasEhcp: 'false', lookedAfter: 'false', permanentlyExcluded: 'true', exclusionStartDate: '2026-11-20', suspensionDays: '0', medicalNeeds: 'false', onSchoolRoll: 'true', notInFullTimeEducation: 'false' });
    r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), reason: 'Permanently excluded.', requested: 'Provision', parentsInformed: 'true', pupilViews: '' });
    await w.act(w.head, 'referral.submit', dataOf(r.card!, 'referral.submit'));
  }

  it('shows the safeguarding signpost first in the preview when the reason suggests a child is at risk, and not otherwise', async () => {
    w = await world();
    for (const [reason, signposted] of [
      ['Permanently excluded after bringing a knife in; he says older boys make him hold it and he owes them money.', true],
      ['Permanently excluded after persistent disruption in lessons.', false],
    ] as const) {
      const start = await w.say(w.head, 'start a referral');
      const first = (start.body as { activities: Array<{ attachments: Array<{ content: Card }> }> }).activities.at(-1)!.attachments[0]!.content;
      let r = await w.act(w.head, 'referral.save', { ...dataOf(first, 'referral.save'), pupilName: 'Sam Pupil', dateOfBirth: '2012-03-01', yearGroup: '9', upn: '', school: 'Oak Academy' });
      r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), referrerName: 'Hana Head', referrerRole: 'Head teacher', referrerContact: 'head@oak.sch.uk' });
      r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), hasEhcp: 'false', lookedAfter: 'false', permanentlyExcluded: 'true', exclusionStartDate: '2026-11-20', suspensionDays: '0', medicalNeeds: 'false', onSchoolRoll: 'true', notInFullTimeEducation: 'false' });
      r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), reason, requested: 'Provision', parentsInformed: 'true', pupilViews: '' });
      const preview = JSON.stringify(r.card);
      expect(preview).toMatch(/Check before you send/);
      expect(preview.includes('If a child may be at immediate risk')).toBe(signposted);
      if (signposted) expect(preview.indexOf('If a child may be at immediate risk')).toBeLessThan(preview.indexOf('Check before you send'));
      await w.act(w.head, 'referral.discard', dataOf(r.card!, 'referral.discard'));
    }
  });

  it('retries after a 500 and a 429 and then posts the case once', async () => {
    w = await world();
    const channel = '19:exclusions@thread.tacv2';
    await w.say(w.officer, 'link Exclusions', { entities: [{ type: 'mention', mentioned: { id: 'bot' }, text: '' }] });
    w.connector.failNext(channel, { status: 500 }, { status: 429, retryAfter: 0 });
    await submitted(w);
    // Backoff is measured on the bot's clock, which the test holds still: move it on.
    const rows = () => w.store.db.selectFrom('outbox').selectAll().where('target', '=', 'team:Exclusions').execute();
    for (let i = 0; i < 40 && !w.connector.postsIn(channel).length; i++) {
      w.clock.advance(30_000);
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(w.connector.postsIn(channel)).toHaveLength(1);
    // The Bot Framework client retries 5xx and 429 itself; either way the case is posted once.
    // The row is marked sent just after the post arrives, so wait for that write.
    for (let i = 0; i < 40 && (await rows())[0]?.status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await rows())[0]).toMatchObject({ status: 'sent' });
  }, 20_000);

  it('marks a channel that answers 403 stale and tells the referrer where the case is', async () => {
    w = await world();
    await w.say(w.officer, 'link Exclusions', { entities: [{ type: 'mention', mentioned: { id: 'bot' }, text: '' }] });
    w.connector.failNext('19:exclusions@thread.tacv2', { status: 403 });
    await submitted(w);
    await until(() => w.connector.to('dm-head').some((s) => /could not be posted to the Exclusions and Reintegration Team's channel.*case board/.test(String(s.body.text))));
    expect(await w.store.db.selectFrom('channel_links').select('stale').execute()).toEqual([{ stale: 1 }]);
    expect(await w.store.db.selectFrom('cases').selectAll().execute()).toHaveLength(1);
  }, 20_000);
});

describe('channel links are a permission, and each case is its own post', () => {
  let w: Awaited<ReturnType<typeof world>>;
  afterEach(async () => w?.close());
  const mention = { entities: [{ type: 'mention', mentioned: { id: 'bot' }, text: '' }] };
  const inChannel = (who: { id: string; aad: string; name: string }, thread: string, team = 't1', tenant = 'tenant-la', channel = '19:exclusions@thread.tacv2') => ({
    from: { id: who.id, aadObjectId: who.aad, name: who.name },
    conversation: { id: `${channel};messageid=${thread}`, conversationType: 'channel', tenantId: tenant },
    channelData: { channel: { id: channel }, team: { id: team }, tenant: { id: tenant } },
  });
  const member = { id: '29:mo', aad: 'aad-mo', name: 'Mo Member' };

  async function referral(w: Awaited<ReturnType<typeof world>>, pupilName: string) {
    const start = await w.say(w.head, 'start a referral');
    const first = (start.body as { activities: Array<{ attachments: Array<{ content: Card }> }> }).activities.at(-1)!.attachments[0]!.content;
    let r = await w.act(w.head, 'referral.save', { ...dataOf(first, 'referral.save'), pupilName, dateOfBirth: '2012-03-01', yearGroup: '9', upn: '', school: 'Oak Academy' });
    r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), referrerName: 'Hana Head', referrerRole: 'Head teacher', referrerContact: 'head@oak.sch.uk' });
    r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), hasEhcp: 'false', lookedAfter: 'false', permanentlyExcluded: 'true', exclusionStartDate: '2026-11-20', suspensionDays: '0', medicalNeeds: 'false', onSchoolRoll: 'true', notInFullTimeEducation: 'false' });
    r = await w.act(w.head, 'referral.save', { ...dataOf(r.card!, 'referral.save'), reason: 'Permanently excluded.', requested: 'Provision', parentsInformed: 'true', pupilViews: '' });
    await w.act(w.head, 'referral.submit', dataOf(r.card!, 'referral.submit'));
  }

  it('refuses a link from someone who is not an officer or LA admin, or from another tenant, and changes nothing', async () => {
    w = await world();
    const stranger = await w.say(inChannel(member, '7'), 'link Exclusions', mention);
    expect(JSON.stringify(stranger.body)).toMatch(/Only the local authority's case officers/);
    const otherTenant = await w.say({ ...w.officer, conversation: { ...w.officer.conversation, tenantId: 'tenant-elsewhere' } }, 'link Exclusions', mention);
    expect(JSON.stringify(otherTenant.body)).toMatch(/not in the local authority's Microsoft 365 organisation/);
    const unlink = await w.say(inChannel(member, '7'), 'unlink', mention);
    expect(JSON.stringify(unlink.body)).toMatch(/Nothing was changed/);
    expect(await w.store.db.selectFrom('channel_links').selectAll().execute()).toEqual([]);
    expect(await w.store.db.selectFrom('channel_link_events').selectAll().execute()).toEqual([]);
  });

  it('binds the channel from a link typed in a thread: members in any thread act, another team\'s channel does not; each case is its own post, updated in place', async () => {
    w = await world();
    await w.say(w.head, 'hello');
    await w.say(w.officer, 'link Exclusions', mention); // typed as a reply in thread 1
    expect(await w.store.db.selectFrom('channel_links').select(['team', 'team_id', 'channel_id', 'linked_by']).execute()).toEqual([
      { team: 'Exclusions', team_id: 't1', channel_id: '19:exclusions@thread.tacv2', linked_by: 'Olive Officer' },
    ]);
    await referral(w, 'Sam Pupil');
    await referral(w, 'Alex Pupil');
    await until(() => w.connector.postsIn('19:exclusions@thread.tacv2').length === 2);
    const posts = w.connector.postsIn('19:exclusions@thread.tacv2');
    expect(new Set(posts.map((p) => p.conversationId)).size).toBe(2); // two conversations, one per case
    const caseIdOf = (p: (typeof posts)[number]) => (p.body as { attachments: Array<{ content: { refresh: { action: { data: { caseId: string } } } } }> }).attachments[0]!.content.refresh.action.data.caseId;
    const second = posts[1]!;

    // Another team's channel with the same channel id is not this channel.
    const spoof = inChannel(member, '9', 't2');
    const refused = await w.act(spoof, 'case.accept', { caseId: caseIdOf(second), version: 1 });
    expect(refused.message).toMatch(/Only officers/);
    // A member of the linked channel, in a thread the bot has never seen, may act.
    const view = await w.act(inChannel(member, '555'), 'case.refresh', { caseId: caseIdOf(second) });
    const accepted = await w.act(inChannel(member, '555'), 'case.accept', dataOf(view.card!, 'case.accept'));
    expect(cardText(accepted.card)).toMatch(/Accepted/);
    // The update lands on the second case's own post, and nowhere else.
    await until(() => w.connector.sent.some((s) => s.method === 'PUT'));
    await new Promise((r) => setTimeout(r, 200));
    const puts = w.connector.sent.filter((s) => s.method === 'PUT');
    expect(puts.map((p) => [p.conversationId, p.activityId])).toEqual([[second.conversationId, second.activityId]]);
    expect(JSON.stringify(puts[0]!.body)).toMatch(/Accepted/);
  }, 30_000);

  it('records who moved a link, when and from where, and tells the channel that had it', async () => {
    w = await world();
    await w.say(w.officer, 'link Exclusions', mention);
    const moved = await w.say(inChannel({ id: '29:olive', aad: 'aad-olive', name: 'Olive Officer' }, '3', 't1', 'tenant-la', '19:new@thread.tacv2'), 'link Exclusions', mention);
    expect(JSON.stringify(moved.body)).toMatch(/channel that received them before has been told/);
    const events = await w.store.db.selectFrom('channel_link_events').select(['action', 'by_key', 'by_name', 'at', 'channel_id', 'previous_channel_id']).orderBy('id').execute();
    expect(events).toEqual([
      { action: 'linked', by_key: 'aad-olive', by_name: 'Olive Officer', at: '2026-11-23T09:00:00.000Z', channel_id: '19:exclusions@thread.tacv2', previous_channel_id: null },
      { action: 'linked', by_key: 'aad-olive', by_name: 'Olive Officer', at: '2026-11-23T09:00:00.000Z', channel_id: '19:new@thread.tacv2', previous_channel_id: '19:exclusions@thread.tacv2' },
    ]);
    // The old channel gets a new post saying so (not a reply in the old link's thread).
    await until(() => w.connector.to('19:exclusions@thread.tacv2').some((s) => /no longer receives new Exclusions and Reintegration Team cases: Olive Officer linked another channel to them on 23 November 2026\./.test(String(s.body.text))));
    // Members of the old channel are no longer officers of the team.
    const oldMember = inChannel(member, '1');
    expect(JSON.stringify((await w.say(oldMember, 'cases', mention)).body)).not.toMatch(/Open cases/);
  }, 20_000);

  it('updates a case posted before cases had their own posts where it was posted: the reply in the link thread', async () => {
    w = await world();
    await w.say(w.officer, 'link Exclusions', mention);
    await referral(w, 'Sam Pupil');
    await until(() => w.connector.postsIn('19:exclusions@thread.tacv2').length === 1);
    await new Promise((r) => setTimeout(r, 200));
    // As an older version stored it: no post of its own, a reply in the thread of the link message.
    const c = await w.store.db.selectFrom('cases').select('id').executeTakeFirstOrThrow();
    await w.store.db.deleteFrom('case_threads').execute();
    await w.store.db.insertInto('case_posts').values({ case_id: c.id, conversation_id: '19:exclusions@thread.tacv2;messageid=1', activity_id: 'legacy-9' }).execute();
    const view = await w.act(w.officer, 'case.refresh', { caseId: c.id });
    await w.act(w.officer, 'case.accept', dataOf(view.card!, 'case.accept'));
    await until(() => w.connector.sent.some((s) => s.method === 'PUT'));
    const put = w.connector.sent.find((s) => s.method === 'PUT')!;
    expect([put.conversationId, put.activityId]).toEqual(['19:exclusions@thread.tacv2;messageid=1', 'legacy-9']);
    expect(w.connector.postsIn('19:exclusions@thread.tacv2')).toHaveLength(1);
  }, 20_000);
});

describe('linking a channel by the team name people use', () => {
  it('reads the id or the display name after link, and the confirmation tells the LA the words to type', async () => {
    const { linkableTeam, linkCommandFor } = await import('../bot/features/referrals/channels.js');
    expect(['SEND', 'send team', 'VirtualSchool', 'Virtual School', 'the Virtual School', 'Exclusions', 'Exclusions and Reintegration Team'].map(linkableTeam)).toEqual(['SEND', 'SEND', 'VirtualSchool', 'VirtualSchool', 'VirtualSchool', 'Exclusions', 'Exclusions']);
    expect(linkableTeam('Admissions')).toBeUndefined();
    expect(linkCommandFor('VirtualSchool')).toBe('link Virtual School');
  });
});
