import type { CaseRepo } from './repo.js';
import type { CaseRecord } from './types.js';

/** Where someone acts from: a Teams channel (the teams linked to it count), or no channel (the board). */
export interface ActingPlace {
  conversationId: string;
  teamId?: string;
  channelId?: string;
}

/** Who is acting on a case, in plain data: the bot and the board both describe people this way. */
export interface Actor {
  /** Entra object id where there is one. */
  key: string;
  name: string;
  place?: ActingPlace;
  /** The developer on this machine in local mode (the board only), who may do everything. */
  local?: boolean;
}

/** Which teams' cases someone may act on and see in full. */
export interface CaseRights {
  all: boolean;
  teams: string[];
}

/** Whether rights cover a case: the one rule the channel card and the board share. */
export function coversCase(rights: CaseRights, c: Pick<CaseRecord, 'routing'> | { primaryTeam: string }): boolean {
  const team = 'routing' in c ? c.routing.primary : c.primaryTeam;
  return rights.all || rights.teams.includes(team);
}

/**
 * The single officer permission rule. An officer listed in OFFICER_AAD_IDS acts on every team's
 * cases; anyone acting from a channel linked to a team acts on that team's cases. The case card in
 * the channel and the case board both ask this, so a button shown in one place is allowed in the
 * other and refused the same way.
 */
export class CasePermissions {
  constructor(
    private readonly repo: Pick<CaseRepo, 'teamsLinkedTo'>,
    private readonly officerAadIds: readonly string[],
  ) {}

  async rightsOf(actor: Actor): Promise<CaseRights> {
    if (actor.local || this.officerAadIds.includes(actor.key)) return { all: true, teams: [] };
    const teams = actor.place ? await this.repo.teamsLinkedTo(actor.place.conversationId) : [];
    return { all: false, teams };
  }

  async mayAct(actor: Actor, c: Pick<CaseRecord, 'routing'> | { primaryTeam: string }): Promise<boolean> {
    return coversCase(await this.rightsOf(actor), c);
  }
}
