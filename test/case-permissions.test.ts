import { afterEach, expect, it } from 'vitest';
import { actOnCase } from '../cases/actions.js';
import { caseBoardSource } from '../cases/board-source.js';
import { CasePermissions } from '../cases/permissions.js';
import { CaseRepo } from '../cases/repo.js';
import { fixedClock } from '../common/clock.js';
import { Store } from '../store/store.js';
import { routeOf, sampleReferral } from './helpers/referrals.js';
import { describeEachBackend, freshLocation } from './helpers/stores.js';

const head = { key: 'aad-head', name: 'Head Teacher' };
const channel = { conversationId: '19:exclusions@thread.tacv2', teamId: 't1', channelId: '19:exclusions@thread.tacv2' };

describeEachBackend('one officer permission rule', (backend) => {
  const stores: Store[] = [];
  afterEach(async () => Promise.all(stores.splice(0).map((s) => s.close())));

  it('lets the card and the board act for the same people, and refuses the same people', async () => {
    const store = await Store.open(await freshLocation(backend));
    stores.push(store);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const repo = new CaseRepo(store.db, clock);
    const permissions = new CasePermissions(repo, ['aad-lead']);
    await repo.link('Exclusions', channel.conversationId, {}, 'Olive');
    const { case: c } = await repo.submit({ draftId: 'd1', referrer: head, referral: sampleReferral, routing: routeOf(sampleReferral) });
    expect(c.routing.primary).toBe('Exclusions');

    const lead = { key: 'aad-lead', name: 'Lena Lead' };
    const inChannel = { key: 'aad-olive', name: 'Olive Officer', place: channel };
    const elsewhere = { key: 'aad-olive', name: 'Olive Officer', place: { conversationId: '19:other@thread.tacv2' } };
    expect(await permissions.mayAct(lead, c)).toBe(true);
    expect(await permissions.mayAct(inChannel, c)).toBe(true);
    expect(await permissions.mayAct(elsewhere, c)).toBe(false);
    expect(await permissions.mayAct(head, c)).toBe(false);

    // The board asks the same rule: the listed officer sees every team, the referrer only their own.
    const source = caseBoardSource(repo, clock, permissions);
    expect(await source.visibilityFor({ aadObjectId: 'aad-lead', local: false })).toEqual({ teams: 'all' });
    expect(await source.visibilityFor({ aadObjectId: 'aad-head', local: false })).toEqual({ teams: [], referrerAadId: 'aad-head' });

    const refused = await actOnCase({ repo, permissions }, head, c.id, 1, { kind: 'accept' });
    expect(refused).toMatchObject({ ok: false, code: 'not_allowed' });
    const accepted = await actOnCase({ repo, permissions }, inChannel, c.id, 1, { kind: 'accept' });
    expect(accepted).toMatchObject({ ok: true, case: { status: 'accepted' } });
    expect((await repo.events(c.id)).map((e) => [e.actor, e.action])).toEqual([
      ['Head Teacher', 'submitted'],
      ['Olive Officer', 'accepted'],
    ]);
  });
});
