import { afterEach, expect, it } from 'vitest';
import { fixedClock } from '../common/clock.js';
import { sendDueReminders } from '../cases/reminders.js';
import { CaseRepo } from '../cases/repo.js';
import { Store } from '../store/store.js';
import { routeOf, sampleReferral } from './helpers/referrals.js';
import { describeEachBackend, freshLocation } from './helpers/stores.js';

const head = { key: 'aad-head', name: 'Head Teacher' };
const officer = { key: 'aad-officer', name: 'Olive Officer' };

describeEachBackend('asking the referrer for information, and reminders,', (backend) => {
  const stores: Store[] = [];
  afterEach(async () => Promise.all(stores.splice(0).map((s) => s.close())));

  it('sends the officer\'s question to the referrer and adds the answer to the case', async () => {
    const s = await Store.open(await freshLocation(backend));
    stores.push(s);
    const repo = new CaseRepo(s.db, fixedClock('2026-11-20T10:00:00Z'));
    const { case: c } = await repo.submit({ draftId: 'd', referrer: head, referral: sampleReferral, routing: routeOf(sampleReferral) });
    const asked = await repo.act(c.id, 1, officer, { kind: 'requestInfo', question: 'Which AP has the pupil attended before?' });
    expect(asked.status).toBe('awaiting_info');
    const question = await s.db.selectFrom('outbox').select(['target', 'payload']).where('kind', '=', 'info_request').executeTakeFirstOrThrow();
    expect(question.target).toBe('user:aad-head');
    expect(JSON.parse(question.payload)).toMatchObject({ question: 'Which AP has the pupil attended before?', from: 'Olive Officer' });
    const answered = await repo.act(c.id, asked.version, head, { kind: 'reply', answer: 'None so far.' });
    expect(answered.status).toBe('accepted');
    expect((await repo.events(c.id)).slice(-2)).toMatchObject([{ action: 'requested information', detail: 'Which AP has the pupil attended before?' }, { action: 'replied', detail: 'None so far.' }]);
  });

  it('reminds the team once a day about a case due within two school days, even with two instances checking', async () => {
    const loc = await freshLocation(backend);
    const clock = fixedClock('2026-11-25T08:00:00Z'); // Wednesday; deadline Friday 27th = 2 school days away
    const a = await Store.open(loc);
    const b = await Store.open(loc);
    stores.push(a, b);
    const repoA = new CaseRepo(a.db, clock);
    const repoB = new CaseRepo(b.db, clock);
    await repoA.submit({ draftId: 'd', referrer: head, referral: sampleReferral, routing: { ...routeOf(sampleReferral), deadline: '2026-11-27' } });
    await repoA.submit({ draftId: 'e', referrer: head, referral: sampleReferral, routing: { ...routeOf(sampleReferral), deadline: '2026-12-18' } });
    const sent = (await sendDueReminders(repoA, clock)) + (await sendDueReminders(repoB, clock)) + (await sendDueReminders(repoA, clock));
    expect(sent).toBe(1);
    clock.advance(24 * 3_600_000);
    expect(await sendDueReminders(repoB, clock)).toBe(1);
    const reminders = await a.db.selectFrom('outbox').select(['payload']).where('kind', '=', 'reminder').execute();
    expect(reminders.map((r) => JSON.parse(r.payload).text)).toEqual([expect.stringMatching(/due in 2 school days/), expect.stringMatching(/due in 1 school day/)]);
  });
});
