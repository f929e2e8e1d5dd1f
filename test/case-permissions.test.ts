import { afterEach, expect, it } from 'vitest';
import { actOnCase } from '../cases/actions.js';
import { caseBoardSource } from '../board/case-source.js';
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
    await repo.link('Exclusions', { teamId: channel.teamId, channelId: channel.channelId }, channel.conversationId, {}, { key: 'aad-olive', name: 'Olive' });
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

  it('keys links and the officer check on the team and channel, lets only officers and LA admins of the tenant link, and records each change', async () => {
    const store = await Store.open(await freshLocation(backend));
    stores.push(store);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const repo = new CaseRepo(store.db, clock);
    const permissions = new CasePermissions(repo, ['aad-lead'], { adminAadIds: ['aad-admin'], tenantId: 'tenant-la', requireTenant: true });
    const place = (over: Record<string, string> = {}) => ({ conversationId: '19:exclusions@thread.tacv2;messageid=42', teamId: 't1', channelId: '19:exclusions@thread.tacv2', tenantId: 'tenant-la', ...over });
    const admin = { key: 'aad-admin', name: 'Ada Admin', place: place() };

    // Who may link: officers and LA admins, in a team channel of the LA's tenant.
    expect(permissions.mayManageLinks(admin)).toMatchObject({ ok: true, place: { teamId: 't1', channelId: '19:exclusions@thread.tacv2' } });
    expect(permissions.mayManageLinks({ key: 'aad-lead', name: 'Lena', place: place() }).ok).toBe(true);
    expect(permissions.mayManageLinks({ key: 'aad-mo', name: 'Mo', place: place() }).ok).toBe(false);
    expect(permissions.mayManageLinks({ ...admin, place: place({ tenantId: 'tenant-other' }) }).ok).toBe(false);
    expect(permissions.mayManageLinks({ ...admin, place: { conversationId: 'group-chat' } }).ok).toBe(false);
    expect(new CasePermissions(repo, [], { adminAadIds: ['aad-admin'], requireTenant: true }).mayManageLinks(admin).ok).toBe(false);

    const ok = permissions.mayManageLinks(admin);
    if (!ok.ok) throw new Error('expected');
    await repo.link('Exclusions', ok.place, admin.place.conversationId, { conversation: { id: admin.place.conversationId } }, admin);
    const { case: c } = await repo.submit({ draftId: 'd1', referrer: head, referral: sampleReferral, routing: routeOf(sampleReferral) });
    const mo = (p: Record<string, string>) => ({ key: 'aad-mo', name: 'Mo', place: place(p) });
    expect(await permissions.mayAct(mo({ conversationId: '19:exclusions@thread.tacv2;messageid=777' }), c)).toBe(true); // another thread
    expect(await permissions.mayAct(mo({ conversationId: '19:exclusions@thread.tacv2' }), c)).toBe(true); // the channel itself
    expect(await permissions.mayAct(mo({ teamId: 't2' }), c)).toBe(false); // another team
    expect(await permissions.mayAct(mo({ channelId: '19:other@thread.tacv2', conversationId: '19:other@thread.tacv2' }), c)).toBe(false);

    // Moving the link records who, when and where from, and queues a notice for the old channel.
    clock.advance(60_000);
    const moved = await repo.link('Exclusions', { teamId: 't1', channelId: '19:new@thread.tacv2', tenantId: 'tenant-la' }, '19:new@thread.tacv2', {}, admin);
    expect(moved.previous).toMatchObject({ channelId: '19:exclusions@thread.tacv2', teamId: 't1' });
    expect(await permissions.mayAct(mo({}), c)).toBe(false);
    expect(await repo.unlink({ teamId: 't1', channelId: '19:new@thread.tacv2' }, admin)).toEqual(['Exclusions']);
    const events = await repo.linkEvents('Exclusions');
    expect(events.map((e) => [e.action, e.by_key, e.at, e.channel_id, e.previous_channel_id])).toEqual([
      ['linked', 'aad-admin', '2026-11-20T10:00:00.000Z', '19:exclusions@thread.tacv2', null],
      ['linked', 'aad-admin', '2026-11-20T10:01:00.000Z', '19:new@thread.tacv2', '19:exclusions@thread.tacv2'],
      ['unlinked', 'aad-admin', '2026-11-20T10:01:00.000Z', null, '19:new@thread.tacv2'],
    ]);
    const notice = await store.db.selectFrom('outbox').select(['target', 'payload']).where('kind', '=', 'link_notice').executeTakeFirstOrThrow();
    expect(notice.target).toBe('channel:19:exclusions@thread.tacv2');
    expect(JSON.parse(notice.payload)).toMatchObject({ text: expect.stringMatching(/no longer receives new Exclusions/), reference: { conversation: { id: '19:exclusions@thread.tacv2' } } });
  });

  it('lets an officer accept and close a case from the board with the same audit entries, and shows details only to officers with rights', async () => {
    const store = await Store.open(await freshLocation(backend));
    stores.push(store);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const repo = new CaseRepo(store.db, clock);
    const permissions = new CasePermissions(repo, ['aad-lead']);
    const source = caseBoardSource(repo, clock, permissions);
    const { case: c } = await repo.submit({ draftId: 'd1', referrer: head, referral: sampleReferral, routing: routeOf(sampleReferral) });
    const lead = { aadObjectId: 'aad-lead', name: 'Lena Lead', local: false };
    const leadView = await source.visibilityFor(lead);

    const before = (await source.get(c.id, leadView))!;
    expect(before).toMatchObject({ canAct: true, pupil: { name: 'Sam Pupil', dateOfBirth: '2012-01-15' } });
    expect(before.reasons[0]!.source).toBe('Hillingdon AP Guidance 2024/25, 5.6');
    // The referrer sees their own referral, with initials and no buttons.
    const headView = await source.visibilityFor({ aadObjectId: 'aad-head', local: false });
    const theirs = (await source.get(c.id, headView))!;
    expect(theirs).toMatchObject({ canAct: false, pupilInitials: 'S.P.' });
    expect(theirs.pupil).toBeUndefined();
    expect(await source.act(c.id, { aadObjectId: 'aad-head', local: false }, headView, { kind: 'accept', version: 1 })).toMatchObject({ ok: false, status: 403 });

    const accepted = await source.act(c.id, lead, leadView, { kind: 'accept', version: 1 });
    expect(accepted).toMatchObject({ ok: true, detail: { status: 'accepted', version: 2 } });
    // An action from a board that had not caught up is refused, as from an old card.
    expect(await source.act(c.id, lead, leadView, { kind: 'assign', version: 1 })).toMatchObject({ ok: false, status: 409 });
    expect(await source.act(c.id, lead, leadView, { kind: 'close', version: 2 })).toMatchObject({ ok: false, status: 400 });
    const closed = await source.act(c.id, lead, leadView, { kind: 'close', version: 2, outcome: 'placement_agreed' });
    expect(closed).toMatchObject({ ok: true, detail: { status: 'closed', canAct: false } });
    expect((await repo.events(c.id)).map((e) => [e.actor, e.action, e.detail])).toEqual([
      ['Head Teacher', 'submitted', expect.stringContaining('Exclusions and Reintegration Team')],
      ['Lena Lead', 'accepted', null],
      ['Lena Lead', 'closed', 'placement agreed'],
    ]);
    // The referrer is told each change, as when the officer acts from the channel.
    const notices = await store.db.selectFrom('outbox').select('payload').where('kind', '=', 'referrer_notice').execute();
    expect(notices.map((n) => JSON.parse(n.payload).text)).toEqual([expect.stringMatching(/accepted/), expect.stringMatching(/closed: placement agreed/)]);
  });
});
