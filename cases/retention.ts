import type { Kysely } from 'kysely';
import type { Clock } from '../common/clock.js';
import type { Referral } from '../referrals/schema.js';
import type { Database } from '../store/schema.js';
import { EtagConflictError, type Store } from '../store/store.js';

export interface RetentionSettings {
  /** Drafts not sent are deleted this many days after they last changed. */
  draftDays: number;
  /** Closed cases keep pupil details this many days after closing, then keep only what reports count. */
  closedCaseDays: number;
}

export interface PurgeResult {
  draftsDeleted: number;
  casesReduced: number;
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** Audit entries whose detail can hold what the referrer or officer typed about the pupil. */
const FREE_TEXT_ACTIONS = ['requested information', 'replied', 'confirmed with the referrer'];

/**
 * The referral as reports need it once its details are no longer kept: the facts the AP returns
 * count (reason categories, year group, school), nothing that names or describes the pupil.
 */
function reduced(r: Referral): Referral & { reduced: true } {
  return {
    pupilName: '',
    dateOfBirth: '',
    yearGroup: r.yearGroup,
    upn: undefined,
    school: r.school,
    referrerName: '',
    referrerRole: '',
    referrerContact: '',
    hasEhcp: r.hasEhcp,
    lookedAfter: r.lookedAfter,
    permanentlyExcluded: r.permanentlyExcluded,
    exclusionStartDate: r.exclusionStartDate,
    suspensionDays: r.suspensionDays,
    medicalNeeds: r.medicalNeeds,
    onSchoolRoll: r.onSchoolRoll,
    notInFullTimeEducation: r.notInFullTimeEducation,
    reason: '',
    requested: '',
    parentsInformed: r.parentsInformed,
    pupilViews: undefined,
    reduced: true,
  } as Referral & { reduced: true };
}

/**
 * Deletes drafts past their retention and reduces closed cases past theirs, each case in one
 * transaction. Safe to run from several instances: every change is idempotent.
 */
export async function purge(db: Kysely<Database>, clock: Clock, s: RetentionSettings): Promise<PurgeResult> {
  const now = clock.now();
  // Any draft untouched for the period goes: open ones were abandoned, sent or discarded ones
  // hold nothing the case does not.
  const drafts = await db.deleteFrom('referral_drafts').where('updated_at', '<', daysBefore(now, s.draftDays)).executeTakeFirst();
  const due = await db
    .selectFrom('cases')
    .select(['id', 'referral', 'routing'])
    .where('status', '=', 'closed')
    .where('updated_at', '<', daysBefore(now, s.closedCaseDays))
    .where('referral', 'not like', '%"reduced":true%')
    .execute();
  for (const c of due) {
    const referral = reduced(JSON.parse(c.referral) as Referral);
    const routing = JSON.parse(c.routing) as Record<string, unknown> & { effectiveFacts?: Record<string, unknown> };
    // The facts routed on keep their yes/no answers; the reason's words go with the rest.
    const facts = Object.fromEntries(Object.entries(routing.effectiveFacts ?? {}).filter(([, v]) => typeof v === 'boolean' || typeof v === 'number'));
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('cases')
        .set({ referral: JSON.stringify(referral), routing: JSON.stringify({ ...routing, conflicts: [], checked: [], effectiveFacts: facts }), assignee: null })
        .where('id', '=', c.id)
        .execute();
      await trx.updateTable('case_events').set({ detail: null }).where('case_id', '=', c.id).where('action', 'in', FREE_TEXT_ACTIONS).execute();
      // Questions and notices go too: delivered ones are done, and one still waiting after the
      // retention period will never be wanted.
      await trx.deleteFrom('outbox').where('case_id', '=', c.id).execute();
    });
  }
  return { draftsDeleted: Number(drafts.numDeletedRows), casesReduced: due.length };
}

/**
 * Runs the purge at most once a day across every instance sharing the store: the first to
 * record today's date (with an eTag) runs it, the rest see the date and skip.
 */
export async function purgeOncePerDay(store: Store, clock: Clock, s: RetentionSettings): Promise<PurgeResult | undefined> {
  const key = 'maintenance/purge';
  const today = clock.now().toISOString().slice(0, 10);
  const item = (await store.state.read([key])).get(key);
  if (item?.data.lastRun === today) return undefined;
  try {
    await store.state.write(key, { lastRun: today }, item?.etag ?? 'new');
  } catch (e) {
    if (e instanceof EtagConflictError) return undefined;
    throw e;
  }
  return purge(store.db, clock, s);
}
