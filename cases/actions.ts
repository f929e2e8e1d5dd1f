import { z } from 'zod';
import type { CasePermissions, Actor } from './permissions.js';
import { CaseError, type CaseRepo } from './repo.js';
import { OUTCOMES, TEAM_NAMES, type CaseRecord } from './types.js';

export const OFFICER_ACTIONS = ['accept', 'assign', 'requestInfo', 'close'] as const;
export type OfficerActionKind = (typeof OFFICER_ACTIONS)[number];
export type OfficerAction = { kind: 'accept' } | { kind: 'assign' } | { kind: 'requestInfo'; question: string } | { kind: 'close'; outcome: (typeof OUTCOMES)[number] };

/** Reads an officer's action from a card's or the board's input; the same words for both. */
export function parseOfficerAction(kind: OfficerActionKind, input: Record<string, unknown>): { ok: true; action: OfficerAction } | { ok: false; message: string } {
  if (kind === 'requestInfo') {
    const q = z.string().trim().min(1).max(1000).safeParse(input.question);
    return q.success ? { ok: true, action: { kind, question: q.data } } : { ok: false, message: 'Type your question for the referrer; nothing was changed.' };
  }
  if (kind === 'close') {
    const o = z.enum(OUTCOMES).safeParse(input.outcome);
    return o.success ? { ok: true, action: { kind, outcome: o.data } } : { ok: false, message: 'Choose an outcome to close the case; nothing was changed.' };
  }
  return { ok: true, action: { kind } };
}

export type ActResult =
  | { ok: true; case: CaseRecord }
  | { ok: false; code: 'not_found' | 'not_allowed' | 'stale' | 'closed' | 'invalid'; message: string; current?: CaseRecord };

/**
 * An officer's action on a case, from the channel card or the board: the one permission rule,
 * then the repository's versioned change with its audit entry and the messages it owes.
 */
export async function actOnCase(deps: { repo: CaseRepo; permissions: CasePermissions }, actor: Actor, caseId: string, version: number, action: OfficerAction): Promise<ActResult> {
  const c = await deps.repo.get(caseId);
  if (!c) return { ok: false, code: 'not_found', message: 'That case was not found; nothing was changed.' };
  if (!(await deps.permissions.mayAct(actor, c))) {
    return { ok: false, code: 'not_allowed', message: `Only officers of the ${TEAM_NAMES[c.routing.primary]} (in its linked channel) can act on ${c.reference}. Nothing was changed.` };
  }
  try {
    return { ok: true, case: await deps.repo.act(c.id, version, { key: actor.key, name: actor.name }, action) };
  } catch (e) {
    if (e instanceof CaseError) {
      const code = e.code === 'not_allowed' ? 'not_allowed' : e.code;
      return { ok: false, code, message: e.message, current: await deps.repo.get(c.id) };
    }
    throw e;
  }
}
