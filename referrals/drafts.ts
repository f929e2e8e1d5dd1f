import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../common/clock.js';
import { parseClosures, type TermHoliday } from '../routing/calendar.js';
import { route, type RouteResult } from '../routing/engine.js';
import type { Database } from '../store/schema.js';
import { ageOn, referralSchema, SECTION_ORDER, validateSection, type Referral, type SectionId } from './schema.js';

export interface Draft {
  id: string;
  userKey: string;
  section: SectionId | 'preview';
  version: number;
  values: Record<string, unknown>;
  /** Contradictions the referrer has answered: 'text' (the reason is right) or 'box'. */
  confirmations: Record<string, 'text' | 'box'>;
  /** For each answered contradiction, the words of the reason it was about and what they said. */
  checked: Record<string, { evidence: string; statedValue: boolean; choice: 'text' | 'box' }>;
  status: 'open' | 'submitted' | 'discarded';
  caseId: string | null;
  createdAt: string;
  /**
   * Where the complete referral goes, worked out once each time the draft changes on its way to
   * the preview; the preview and the submit both read it, so what is sent is what was shown.
   */
  routing: RouteResult | null;
}

/** Routes a complete referral, given the referrer's answers to any contradictions. */
export type DraftRouter = (referral: Referral, confirmations: Record<string, 'text' | 'box'>, today: string) => RouteResult;

export class DraftError extends Error {
  constructor(
    message: string,
    readonly code: 'not_found' | 'stale' | 'closed',
  ) {
    super(message);
  }
}

/** What a walkthrough or another flow already knows, to start a referral filled in. */
export type ReferralPrefill = Partial<Record<keyof Referral, unknown>>;

/**
 * Referral drafts in the store: a section at a time, resumable after a restart. Every change
 * bumps the version, so a card from an earlier step cannot overwrite a later one.
 */
export class Drafts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly router: DraftRouter = (r, c, today) => routeReferral(r, c, today),
  ) {}

  today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  private toDraft(r: Database['referral_drafts'] extends infer T ? T : never): Draft {
    const data = JSON.parse(r.data) as { values?: Record<string, unknown>; confirmations?: Record<string, 'text' | 'box'>; checked?: Draft['checked']; routing?: RouteResult };
    const d: Draft = { id: r.id, userKey: r.user_key, section: r.section as Draft['section'], version: r.version, values: data.values ?? {}, confirmations: data.confirmations ?? {}, checked: data.checked ?? {}, status: r.status, caseId: r.case_id, createdAt: r.created_at, routing: data.routing ?? null };
    // A draft saved before routing was kept with it is routed now, once.
    if (!d.routing && d.status === 'open' && d.section === 'preview') d.routing = this.routeIfComplete(d);
    return d;
  }

  async openFor(userKey: string): Promise<Draft | undefined> {
    const r = await this.db.selectFrom('referral_drafts').selectAll().where('user_key', '=', userKey).where('status', '=', 'open').orderBy('created_at', 'desc').executeTakeFirst();
    return r ? this.toDraft(r) : undefined;
  }

  async get(id: string, userKey: string): Promise<Draft> {
    const r = await this.db.selectFrom('referral_drafts').selectAll().where('id', '=', id).executeTakeFirst();
    // Someone else's draft id is treated as missing: drafts hold pupil data.
    if (!r || r.user_key !== userKey) throw new DraftError('That referral draft was not found. Type **start a referral** to begin again.', 'not_found');
    return this.toDraft(r);
  }

  async create(userKey: string, prefill: ReferralPrefill = {}): Promise<Draft> {
    const now = this.clock.now().toISOString();
    const id = randomUUID();
    await this.db
      .insertInto('referral_drafts')
      .values({ id, user_key: userKey, data: JSON.stringify({ values: prefill, confirmations: {} }), section: 'pupil', version: 1, status: 'open', case_id: null, created_at: now, updated_at: now })
      .execute();
    return this.get(id, userKey);
  }

  private routeIfComplete(d: Draft): RouteResult | null {
    const done = completeReferral(d);
    return done.ok ? this.router(done.referral, d.confirmations, this.today()) : null;
  }

  private async write(d: Draft, expectedVersion: number): Promise<Draft> {
    // The one place a draft changes, so the one place it is routed.
    const routing = d.status === 'open' && d.section === 'preview' ? this.routeIfComplete(d) : null;
    d = { ...d, routing };
    const res = await this.db
      .updateTable('referral_drafts')
      .set({ data: JSON.stringify({ values: d.values, confirmations: d.confirmations, checked: d.checked, routing }), section: d.section, version: expectedVersion + 1, status: d.status, updated_at: this.clock.now().toISOString() })
      .where('id', '=', d.id)
      .where('version', '=', expectedVersion)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new DraftError('This card is out of date: the draft has moved on. Use the latest card, or type **resume referral**.', 'stale');
    return { ...d, version: expectedVersion + 1 };
  }

  private check(d: Draft, version: number): void {
    if (d.status === 'submitted') throw new DraftError('This referral has already been submitted.', 'closed');
    if (d.status === 'discarded') throw new DraftError('This draft was discarded. Type **start a referral** to begin again.', 'closed');
    if (d.version !== version) throw new DraftError('This card is out of date: the draft has moved on. Use the latest card, or type **resume referral**.', 'stale');
  }

  /** Saves a section's answers; on errors nothing is saved and the answers come back with them. */
  async saveSection(d: Draft, version: number, section: SectionId, input: Record<string, unknown>): Promise<{ draft: Draft; errors?: Record<string, string> }> {
    this.check(d, version);
    const result = validateSection(section, input, this.today());
    if (!result.ok) return { draft: { ...d, values: { ...d.values, ...input } }, errors: result.errors };
    const next = SECTION_ORDER[SECTION_ORDER.indexOf(section) + 1] ?? 'preview';
    return { draft: await this.write({ ...d, values: { ...d.values, ...result.values }, section: next }, version) };
  }

  async goTo(d: Draft, version: number, section: SectionId): Promise<Draft> {
    this.check(d, version);
    return this.write({ ...d, section }, version);
  }

  async back(d: Draft, version: number, from: SectionId | 'preview'): Promise<Draft> {
    const i = from === 'preview' ? SECTION_ORDER.length : SECTION_ORDER.indexOf(from);
    return this.goTo(d, version, SECTION_ORDER[Math.max(0, i - 1)]!);
  }

  async confirm(d: Draft, version: number, field: string, choice: 'text' | 'box', statedValue: boolean): Promise<Draft> {
    this.check(d, version);
    const values = choice === 'text' ? { ...d.values, [field]: statedValue } : d.values;
    // The words being answered about are kept: once answered, routing no longer reports them.
    const evidence = d.routing?.conflicts.find((c) => c.field === field)?.evidence ?? '';
    return this.write({ ...d, values, confirmations: { ...d.confirmations, [field]: choice }, checked: { ...d.checked, [field]: { evidence, statedValue, choice } } }, version);
  }

  async discard(d: Draft, version: number): Promise<void> {
    this.check(d, version);
    // Discarding deletes what was typed: the row is kept (so an old card can say it was
    // discarded) but holds no pupil details.
    await this.write({ ...d, values: {}, confirmations: {}, checked: {}, status: 'discarded' }, version);
  }
}

/** The complete referral, or the first section still to fill in. */
export function completeReferral(d: Draft): { ok: true; referral: Referral } | { ok: false; section: SectionId } {
  const r = referralSchema.safeParse(d.values);
  if (r.success) return { ok: true, referral: r.data };
  for (const s of SECTION_ORDER) {
    if (!validateSection(s, d.values, '9999-12-31').ok) return { ok: false, section: s };
  }
  return { ok: false, section: 'request' };
}

/**
 * Routes a referral. Where the referrer has said a ticked box is right despite the reason's
 * wording, that box is routed on as ticked and not asked about again.
 */
function closures(text: string | undefined): TermHoliday[] | undefined {
  if (!text) return undefined;
  const r = parseClosures(text);
  return r.ok && r.holidays.length ? r.holidays : undefined;
}

export function routeReferral(referral: Referral, confirmations: Record<string, 'text' | 'box'>, today: string, authority?: string): RouteResult {
  const facts = {
    ageYears: Math.max(2, Math.min(25, ageOn(referral.dateOfBirth, today))),
    yearGroup: referral.yearGroup,
    hasEhcp: referral.hasEhcp,
    lookedAfter: referral.lookedAfter,
    permanentlyExcluded: referral.permanentlyExcluded,
    exclusionStartDate: referral.exclusionStartDate,
    suspensionDays: referral.suspensionDays,
    suspensionStartDate: referral.suspensionStartDate ?? null,
    ...(closures(referral.termDatesText) ? { termDates: { name: "the school's own holidays, as given in the referral", holidays: closures(referral.termDatesText)! } } : {}),
    medicalNeeds: referral.medicalNeeds,
    onSchoolRoll: referral.onSchoolRoll,
    notInFullTimeEducation: referral.notInFullTimeEducation,
    reason: referral.reason,
    requested: referral.requested,
  };
  // A field the referrer said their box is right for is not read from the text again.
  const trustBoxes = Object.entries(confirmations).filter(([, v]) => v === 'box').map(([k]) => k);
  return route(facts, { authority, trustBoxes });
}
