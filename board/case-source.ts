import { sql } from 'kysely';
import { buildReport, type ReportCase } from './reports.js';
import type { CaseBoardSource, CaseDetail, CaseRow, TeamId, Visibility } from './source.js';
import type { Clock } from '../common/clock.js';
import type { Referral } from '../referrals/schema.js';
import { schoolDaysBetween } from '../routing/calendar.js';
import type { RouteResult } from '../routing/engine.js';
import type { CaseTable } from '../store/schema.js';
import { actOnCase, parseOfficerAction } from '../cases/actions.js';
import { coversCase, type CasePermissions } from '../cases/permissions.js';
import type { CaseRepo } from '../cases/repo.js';
import { auditDetailWords, OUTCOME_LABELS } from '../cases/types.js';
import { reasonsOf } from '../routing/explain.js';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => `${p[0]!.toUpperCase()}.`)
    .join('');

function holidaysOf(routingJson: string): NonNullable<RouteResult['calendar']>['holidays'] {
  try {
    return (JSON.parse(routingJson) as RouteResult).calendar?.holidays ?? [];
  } catch {
    return [];
  }
}

/**
 * The case board's view of the cases. Who sees which team's cases is the officer permission rule
 * the channel card uses (cases/permissions.ts); anyone also sees the referrals they made.
 */
export function caseBoardSource(repo: CaseRepo, clock: Clock, permissions: CasePermissions): CaseBoardSource {
  const db = repo.db;
  const today = () => clock.now().toISOString().slice(0, 10);
  const row = (r: CaseTable): CaseRow => {
    // Counted on the same calendar as the deadline (the school's own holidays when the referral gave them), as in chat.
    const left = r.deadline ? schoolDaysBetween(today(), r.deadline, holidaysOf(r.routing)) : null;
    return {
      id: r.id,
      reference: r.reference,
      status: r.status,
      primaryTeam: r.primary_team as CaseRow['primaryTeam'],
      school: r.school,
      yearGroup: r.year_group,
      deadline: r.deadline,
      schoolDaysLeft: left,
      overdue: r.status !== 'closed' && left !== null && left < 0,
      createdAt: r.created_at,
    };
  };
  const scoped = (v: Visibility) => {
    let q = db.selectFrom('cases');
    if (v.teams !== 'all') {
      const teams = v.teams.length ? v.teams : ['-'];
      q = v.referrerAadId ? q.where((eb) => eb.or([eb('primary_team', 'in', teams), eb('referrer_key', '=', v.referrerAadId!)])) : q.where('primary_team', 'in', teams);
    }
    return q;
  };
  const detailOf = async (id: string, v: Visibility): Promise<CaseDetail | undefined> => {
    const r = await scoped(v).selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    const c = (await repo.get(r.id))!;
    const referral = c.referral;
    // The same rule as the channel card: officers with rights see details and buttons.
    const canAct = coversCase({ all: v.teams === 'all', teams: v.teams === 'all' ? [] : v.teams }, c);
    return {
      ...row(r),
      pupilInitials: initials(referral.pupilName),
      pupil: canAct ? { name: referral.pupilName, dateOfBirth: referral.dateOfBirth, upn: referral.upn, referrer: `${referral.referrerName} (${referral.referrerRole})`, contact: referral.referrerContact } : undefined,
      canAct: canAct && c.status !== 'closed',
      version: c.version,
      assignee: c.assignee?.name,
      outcome: c.outcome ? OUTCOME_LABELS[c.outcome] : undefined,
      copiedTeams: c.routing.copied,
      duties: c.routing.duties,
      reason: referral.reason,
      requested: referral.requested,
      reasons: reasonsOf(c.routing).map((x) => ({ words: x.words, source: x.source })),
      checked: c.checked.map((x) => ({ evidence: x.evidence, answer: x.answer })),
      // Rule ids ("rules P1, C1") stay in the stored audit record and the CSV; a person reads the reasons above in words.
      audit: (await repo.events(r.id)).map((e) => ({ at: e.at, actor: e.actor, action: e.action, detail: e.detail ? auditDetailWords(e.detail) || undefined : undefined })),
    };
  };
  return {
    async visibilityFor(identity) {
      const rights = await permissions.rightsOf({ key: identity.aadObjectId, name: identity.name ?? 'A user', local: identity.local });
      if (rights.all) return { teams: 'all' };
      return { teams: rights.teams as TeamId[], referrerAadId: identity.aadObjectId };
    },
    async list(q) {
      let base = scoped(q.visibility);
      if (q.status === 'open') base = base.where('status', '!=', 'closed');
      else if (q.status !== 'all') base = base.where('status', '=', q.status);
      if (q.team) base = base.where('primary_team', '=', q.team);
      const total = Number((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
      let ordered = base.selectAll();
      // Open first; for an open-only list that order is given, and leaving it out lets the
      // (deadline is null, deadline, created_at) index serve the query.
      if (q.status !== 'open') ordered = ordered.orderBy(sql`case when status = 'closed' then 1 else 0 end`);
      const rows = await ordered
        .orderBy(sql`(deadline is null)`)
        .orderBy('deadline')
        .orderBy('created_at', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute();
      return { items: rows.map(row), total };
    },
    get: (id, v) => detailOf(id, v),
    async act(id, who, v, input) {
      // Only a case the caller can see can be acted on; another team's case looks missing.
      if (!(await scoped(v).select('id').where('id', '=', id).executeTakeFirst())) return { ok: false, status: 404, error: "No such case, or not one of your teams' cases" };
      const parsed = parseOfficerAction(input.kind, input as unknown as Record<string, unknown>);
      if (!parsed.ok) return { ok: false, status: 400, error: parsed.message };
      const actor = { key: who.aadObjectId, name: who.name ?? (who.local ? 'Local user' : 'An officer'), local: who.local };
      const res = await actOnCase({ repo, permissions }, actor, id, input.version, parsed.action);
      if (!res.ok) return { ok: false, status: res.code === 'not_allowed' ? 403 : res.code === 'not_found' ? 404 : res.code === 'invalid' ? 400 : 409, error: res.message };
      return { ok: true, detail: (await detailOf(id, v))! };
    },
    async report(q) {
      const rows = await scoped(q.visibility).selectAll().where('created_at', '>=', q.from).where('created_at', '<=', `${q.to}T23:59:59.999Z`).execute();
      const cases: ReportCase[] = rows.map((r) => {
        const referral = JSON.parse(r.referral) as Referral;
        return {
          primaryTeam: r.primary_team as ReportCase['primaryTeam'],
          status: r.status,
          school: r.school,
          yearGroup: r.year_group,
          permanentlyExcluded: referral.permanentlyExcluded,
          medicalNeeds: referral.medicalNeeds,
          hasEhcp: referral.hasEhcp,
          lookedAfter: referral.lookedAfter,
          onSchoolRoll: referral.onSchoolRoll,
          createdAt: r.created_at,
          firstActionAt: r.first_action_at,
          deadline: r.deadline,
        };
      });
      return buildReport(cases, { acrossTeams: q.visibility.teams === 'all' || new Set(rows.map((r) => r.primary_team)).size > 1 });
    },
  };
}
