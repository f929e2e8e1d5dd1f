import type { CaseRepo } from './repo.js';
import type { CaseRecord, ChannelPlace } from './types.js';

/**
 * Where someone acts from: a Teams channel (the teams linked to it count), or no channel (the
 * board). A channel is known by its team and channel ids; the conversation id names one thread.
 */
export interface ActingPlace {
  conversationId: string;
  teamId?: string;
  channelId?: string;
  tenantId?: string;
}

/** Who may point an LA team's cases at a channel, and from which tenant. */
export interface LinkPolicy {
  /** Entra object ids holding the LA admin setting (LA_ADMIN_AAD_IDS), besides OFFICER_AAD_IDS. */
  adminAadIds: readonly string[];
  /** The LA's tenant: links are made only from its channels. */
  tenantId?: string;
  /** With credentials set a tenant must be configured; local mode has no tenant to check. */
  requireTenant: boolean;
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
    private readonly links: LinkPolicy = { adminAadIds: [], requireTenant: false },
  ) {}

  async rightsOf(actor: Actor): Promise<CaseRights> {
    if (actor.local || this.officerAadIds.includes(actor.key)) return { all: true, teams: [] };
    const teams = actor.place ? await this.repo.teamsLinkedTo(actor.place) : [];
    return { all: false, teams };
  }

  /**
   * Whether `actor` may link or unlink an LA team's channel. A link decides who sees pupil details
   * and who counts as an officer, so it is not a command anyone can type: only officers listed in
   * OFFICER_AAD_IDS or LA_ADMIN_AAD_IDS, in a channel of a team, in the LA's tenant.
   */
  mayManageLinks(actor: Actor): { ok: true; place: ChannelPlace } | { ok: false; message: string } {
    const p = actor.place;
    if (!p?.teamId || !p.channelId) return { ok: false, message: 'Links are made in a team channel: type it there.' };
    if (!this.officerAadIds.includes(actor.key) && !this.links.adminAadIds.includes(actor.key)) {
      return { ok: false, message: "Only the local authority's case officers and Teams admins for AP Assist can link or unlink a channel, because the cases posted here carry pupils' details. Nothing was changed; ask your AP Assist administrator." };
    }
    if (this.links.tenantId ? p.tenantId !== this.links.tenantId : this.links.requireTenant) {
      return { ok: false, message: "This team is not in the local authority's Microsoft 365 organisation, so its channels cannot receive cases. Nothing was changed." };
    }
    return { ok: true, place: { teamId: p.teamId, channelId: p.channelId, tenantId: p.tenantId } };
  }

  async mayAct(actor: Actor, c: Pick<CaseRecord, 'routing'> | { primaryTeam: string }): Promise<boolean> {
    return coversCase(await this.rightsOf(actor), c);
  }
}
