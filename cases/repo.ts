import { randomUUID } from 'node:crypto';
import { dayMonthYear } from '../common/dates.js';
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Clock } from '../common/clock.js';
import type { Referral } from '../referrals/schema.js';
import type { RouteResult } from '../routing/engine.js';
import type { CaseTable, Database, OutboxTable } from '../store/schema.js';
import type { CaseEvent, CaseRecord, CaseStatus, ChannelPlace, CheckedWithReferrer, LinkableTeam, Outcome, Person } from './types.js';

type Db = Kysely<Database> | Transaction<Database>;

export class CaseError extends Error {
  constructor(
    message: string,
    readonly code: 'not_found' | 'closed' | 'stale' | 'not_allowed' | 'invalid',
  ) {
    super(message);
    this.name = 'CaseError';
  }
}

function toRecord(r: CaseTable): CaseRecord {
  const routing = JSON.parse(r.routing) as RouteResult & { checked?: CheckedWithReferrer[] };
  return {
    id: r.id,
    reference: r.reference,
    referrerKey: r.referrer_key,
    referral: JSON.parse(r.referral) as Referral,
    routing,
    status: r.status,
    assignee: r.assignee ? (JSON.parse(r.assignee) as Person) : null,
    outcome: r.outcome as Outcome | null,
    version: r.version,
    deadline: r.deadline,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    firstActionAt: r.first_action_at,
    checked: routing.checked ?? [],
  };
}

/** A draft's data with every detail removed. */
export const EMPTY_DRAFT_DATA = JSON.stringify({ values: {}, confirmations: {} });

export type OutboxKind = OutboxTable['kind'];

/**
 * Cases and everything that must change with them in one transaction: the append-only audit
 * trail and the outbox of messages to deliver. Nothing here talks to Teams.
 */
export class CaseRepo {
  constructor(
    readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  private now() {
    return this.clock.now().toISOString();
  }

  async enqueue(db: Db, caseId: string, target: string, kind: OutboxKind, payload: Record<string, unknown>): Promise<void> {
    const now = this.now();
    await db
      .insertInto('outbox')
      .values({ case_id: caseId, target, kind, payload: JSON.stringify(payload), status: 'pending', attempts: 0, next_attempt_at: now, locked_until: null, last_error: null, activity_id: null, created_at: now, sent_at: null })
      .execute();
  }

  async audit(db: Db, caseId: string, actor: string, action: string, detail?: string): Promise<void> {
    await db.insertInto('case_events').values({ case_id: caseId, at: this.now(), actor, action, detail: detail ?? null }).execute();
  }

  /**
   * Creates the case for a draft exactly once: a retried or concurrent submit of the same draft
   * returns the case the first one created.
   */
  async submit(input: { draftId: string; referrer: Person; referral: Referral; routing: RouteResult; checked?: CheckedWithReferrer[] }): Promise<{ case: CaseRecord; created: boolean }> {
    const existing = await this.byDraft(input.draftId);
    if (existing) return { case: existing, created: false };
    const now = this.now();
    const year = Number(now.slice(0, 4));
    try {
      const id = await this.db.transaction().execute(async (trx) => {
        const seq = await trx
          .insertInto('case_seq')
          .values({ year, last: 1 })
          .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql`case_seq.last + 1` }))
          .returning('last')
          .executeTakeFirstOrThrow();
        const id = randomUUID();
        await trx
          .insertInto('cases')
          .values({
            id,
            reference: `AP-${year}-${String(seq.last).padStart(5, '0')}`,
            draft_id: input.draftId,
            referrer_key: input.referrer.key,
            referral: JSON.stringify(input.referral),
            // What the referrer confirmed travels with the routing it changed.
            routing: JSON.stringify({ ...input.routing, checked: input.checked ?? [] }),
            primary_team: input.routing.primary,
            deadline: input.routing.deadline,
            status: 'new',
            assignee: null,
            outcome: null,
            version: 1,
            school: input.referral.school,
            year_group: input.referral.yearGroup,
            first_action_at: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await this.audit(trx, id, input.referrer.name, 'submitted', `routed to ${teamName(input.routing.primary)} (rules ${input.routing.rules.map((r) => r.rule).join(', ')})`);
        for (const c of input.checked ?? []) await this.audit(trx, id, input.referrer.name, 'confirmed with the referrer', `"${c.evidence}": ${c.answer}`);
        if (input.routing.primary !== 'None') await this.enqueue(trx, id, `team:${input.routing.primary}`, 'case_card', {});
        for (const t of input.routing.copied) await this.enqueue(trx, id, `team:${t}`, 'case_fyi', {});
        // The case now holds the referral; the draft keeps no copy of the pupil's details.
        await trx.updateTable('referral_drafts').set({ status: 'submitted', case_id: id, data: EMPTY_DRAFT_DATA, updated_at: now }).where('id', '=', input.draftId).execute();
        return id;
      });
      return { case: (await this.get(id))!, created: true };
    } catch (e) {
      // Another instance (or a retry) created it first: the unique draft id held.
      const raced = await this.byDraft(input.draftId);
      if (raced) return { case: raced, created: false };
      throw e;
    }
  }

  async byDraft(draftId: string): Promise<CaseRecord | undefined> {
    const r = await this.db.selectFrom('cases').selectAll().where('draft_id', '=', draftId).executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  async get(id: string): Promise<CaseRecord | undefined> {
    const r = await this.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  async events(caseId: string): Promise<CaseEvent[]> {
    return this.db.selectFrom('case_events').select(['at', 'actor', 'action', 'detail']).where('case_id', '=', caseId).orderBy('id').execute();
  }

  /**
   * An officer's action. The card carries the version it showed; an action from an older card,
   * or on a closed case, is refused and changes nothing.
   */
  async act(
    caseId: string,
    expectedVersion: number,
    actor: Person,
    action: { kind: 'accept' } | { kind: 'assign' } | { kind: 'requestInfo'; question: string } | { kind: 'close'; outcome: Outcome } | { kind: 'reply'; answer: string },
  ): Promise<CaseRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
      if (!row) throw new CaseError('That case no longer exists.', 'not_found');
      if (row.status === 'closed') throw new CaseError(`Case ${row.reference} is closed; nothing was changed.`, 'closed');
      if (action.kind !== 'reply' && row.version !== expectedVersion) {
        throw new CaseError(`This card is out of date: case ${row.reference} has changed since. The card has been refreshed; check it and try again.`, 'stale');
      }
      const now = this.now();
      let status: CaseStatus = row.status;
      let assignee = row.assignee;
      let outcome = row.outcome;
      let detail: string | undefined;
      let notice: string;
      switch (action.kind) {
        case 'accept':
          if (row.status !== 'new') throw new CaseError(`Case ${row.reference} was already accepted.`, 'stale');
          status = 'accepted';
          notice = `Your referral ${row.reference} has been accepted by the ${teamName(row.primary_team)}.`;
          break;
        case 'assign':
          status = 'assigned';
          assignee = JSON.stringify(actor);
          notice = `Your referral ${row.reference} has been assigned to ${actor.name}.`;
          break;
        case 'requestInfo':
          status = 'awaiting_info';
          detail = action.question;
          notice = '';
          await this.enqueue(trx, caseId, `user:${row.referrer_key}`, 'info_request', { question: action.question, from: actor.name });
          break;
        case 'reply':
          if (row.status !== 'awaiting_info') throw new CaseError(`Case ${row.reference} is not waiting for information.`, 'stale');
          status = row.assignee ? 'assigned' : 'accepted';
          detail = action.answer;
          notice = '';
          break;
        case 'close':
          status = 'closed';
          outcome = action.outcome;
          notice = `Your referral ${row.reference} has been closed: ${outcomeLabel(action.outcome)}.`;
          break;
      }
      const version = row.version + 1;
      await trx
        .updateTable('cases')
        .set({ status, assignee, outcome, version, updated_at: now, first_action_at: row.first_action_at ?? (action.kind === 'reply' ? null : now) })
        .where('id', '=', caseId)
        .where('version', '=', row.version)
        .execute();
      await this.audit(trx, caseId, actor.name, action.kind === 'requestInfo' ? 'requested information' : action.kind === 'reply' ? 'replied' : action.kind === 'assign' ? 'assigned to themselves' : action.kind === 'close' ? 'closed' : 'accepted', detail ?? (action.kind === 'close' ? outcomeLabel(action.outcome) : undefined));
      if (notice) await this.enqueue(trx, caseId, `user:${row.referrer_key}`, 'referrer_notice', { text: notice });
      // Every channel the case was posted to gets its card brought up to date.
      const posts = await trx.selectFrom('outbox').select('target').distinct().where('case_id', '=', caseId).where('kind', 'in', ['case_card', 'case_fyi']).execute();
      for (const p of posts) await this.enqueue(trx, caseId, p.target, 'case_update', {});
      return toRecord({ ...row, status, assignee, outcome, version, updated_at: now });
    });
  }

  async openCases(filter: { teams?: string[]; referrerKey?: string; limit?: number }): Promise<CaseRecord[]> {
    let q = this.db.selectFrom('cases').selectAll().where('status', '!=', 'closed');
    if (filter.teams) q = q.where('primary_team', 'in', filter.teams.length ? filter.teams : ['-']);
    if (filter.referrerKey) q = q.where('referrer_key', '=', filter.referrerKey);
    const rows = await q.orderBy(sql`case when deadline is null then 1 else 0 end`).orderBy('deadline').orderBy('created_at').limit(filter.limit ?? 20).execute();
    return rows.map(toRecord);
  }

  /**
   * Points an LA team's cases at a Teams channel. Who may do this is decided before (CasePermissions
   * .mayManageLinks); here the change is recorded with who, when and the channel it replaced, and
   * the replaced channel is told, all in one transaction.
   */
  async link(team: LinkableTeam, place: ChannelPlace, conversationId: string, reference: Record<string, unknown>, by: Person): Promise<{ previous?: ChannelPlace }> {
    const now = this.now();
    const result = await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('channel_links').selectAll().where('team', '=', team).executeTakeFirst();
      const row = { team, conversation_id: conversationId, reference: JSON.stringify(reference), linked_by: by.name, stale: 0, updated_at: now, team_id: place.teamId, channel_id: place.channelId, tenant_id: place.tenantId ?? null };
      const { team: _t, ...changes } = row;
      await trx.insertInto('channel_links').values(row).onConflict((oc) => oc.column('team').doUpdateSet(changes)).execute();
      const moved = before?.channel_id && (before.channel_id !== place.channelId || (before.team_id !== null && before.team_id !== place.teamId));
      await trx
        .insertInto('channel_link_events')
        .values({ team, action: 'linked', by_key: by.key, by_name: by.name, at: now, team_id: place.teamId, channel_id: place.channelId, previous_team_id: before?.team_id ?? null, previous_channel_id: before?.channel_id ?? null })
        .execute();
      if (before && moved) {
        // The channel that received these cases until now hears it from the bot, in a new post.
        const old = JSON.parse(before.reference) as { conversation?: Record<string, unknown> };
        const noticeRef = { ...old, conversation: { ...(old.conversation ?? {}), id: before.channel_id } };
        await this.enqueue(trx, '', `channel:${before.channel_id}`, 'link_notice', {
          text: `This channel no longer receives new ${teamName(team)} cases: ${by.name} linked another channel to them on ${dayMonthYear(now)}. Cases already posted here stay here.`,
          reference: noticeRef,
        });
        return { previous: { teamId: before.team_id ?? '', channelId: before.channel_id!, tenantId: before.tenant_id ?? undefined } };
      }
      return {};
    });
    // Cases that were waiting for this team's channel can now be delivered.
    await this.db.updateTable('outbox').set({ status: 'pending', next_attempt_at: now }).where('status', '=', 'stale').where('target', '=', `team:${team}`).execute();
    return result;
  }

  /** Stops every LA team's cases going to this channel; recorded like a link. */
  async unlink(place: ChannelPlace, by: Person): Promise<string[]> {
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('channel_links').select(['team', 'team_id']).where('channel_id', '=', place.channelId).execute();
      const mine = rows.filter((r) => r.team_id === null || r.team_id === place.teamId);
      for (const r of mine) {
        await trx.deleteFrom('channel_links').where('team', '=', r.team).execute();
        await trx
          .insertInto('channel_link_events')
          .values({ team: r.team, action: 'unlinked', by_key: by.key, by_name: by.name, at: now, team_id: null, channel_id: null, previous_team_id: r.team_id ?? place.teamId, previous_channel_id: place.channelId })
          .execute();
      }
      return mine.map((r) => r.team);
    });
  }

  async linkFor(team: string) {
    return this.db.selectFrom('channel_links').selectAll().where('team', '=', team).executeTakeFirst();
  }

  /** Where a team's new case goes now: its linked channel, a channel that stopped answering, or none. */
  async deliveryPlace(team: string): Promise<'channel' | 'unreachable' | 'no_channel'> {
    const link = await this.linkFor(team);
    return !link ? 'no_channel' : link.stale ? 'unreachable' : 'channel';
  }

  async linkEvents(team: string) {
    return this.db.selectFrom('channel_link_events').selectAll().where('team', '=', team).orderBy('id').execute();
  }

  /**
   * The LA teams linked to a channel, by its team and channel ids: anyone in any thread of that
   * channel is in it; a channel of another team is not, whatever its conversation id says. Links
   * made before team ids were kept match on the channel id alone until they are made again.
   */
  async teamsLinkedTo(place: { teamId?: string; channelId?: string }): Promise<string[]> {
    if (!place.channelId || !place.teamId) return [];
    const rows = await this.db
      .selectFrom('channel_links')
      .select('team')
      .where('channel_id', '=', place.channelId)
      .where((eb) => eb.or([eb('team_id', '=', place.teamId!), eb('team_id', 'is', null)]))
      .execute();
    return rows.map((r) => r.team);
  }
}

export function teamName(team: string): string {
  return ({ SEND: 'SEND team', VirtualSchool: 'Virtual School', Exclusions: 'Exclusions and Reintegration Team' } as Record<string, string>)[team] ?? team;
}

export function outcomeLabel(o: string): string {
  return ({ placement_agreed: 'placement agreed', support_in_school: 'support in school', referred_elsewhere: 'referred elsewhere', withdrawn: 'withdrawn' } as Record<string, string>)[o] ?? o;
}
