import type { TeamMembers } from '../../../cases/members.js';
import type { CasePermissions } from '../../../cases/permissions.js';
import type { CaseRepo } from '../../../cases/repo.js';
import { LINKABLE_TEAMS, TEAM_NAMES } from '../../../cases/types.js';
import type { TextCommand } from '../../feature.js';
import { actorOf, person } from './common.js';

/** The command an officer types to link a team's channel, with the team's display name. */
export const linkCommandFor = (team: string): string => `link ${team === 'VirtualSchool' ? 'Virtual School' : team}`;

/** A team as typed after `link`: its id or its display name ("Virtual School", "SEND team", "Exclusions and Reintegration"). */
export function linkableTeam(typed: string): (typeof LINKABLE_TEAMS)[number] | undefined {
  const k = typed.toLowerCase().replace(/[^a-z]/g, '').replace(/^the/, '').replace(/team$/, '');
  if (k === 'send') return 'SEND';
  if (k === 'virtualschool') return 'VirtualSchool';
  if (k === 'exclusions' || k === 'exclusionsandreintegration') return 'Exclusions';
  return undefined;
}

/**
 * `link <team>` and `unlink` in a team channel: where an LA team receives its cases. Only those
 * the one permission rule allows (cases/permissions.ts) may change a link; every change is recorded.
 */
export function channelLinkCommands(d: { cases: CaseRepo; members: TeamMembers; permissions: CasePermissions }): TextCommand[] {
  return [
    {
      pattern: /^link(?:\s+(.+))?$/i,
      async run(turn, m) {
        const team = linkableTeam(m[1] ?? '');
        if (turn.speaker.conversationType !== 'channel') {
          await turn.send({ text: 'Type **link** in the team channel where the LA team should receive its cases.' });
          return;
        }
        if (!team) {
          await turn.send({ text: `Which team? Type **link SEND**, **link Virtual School** or **link Exclusions**${m[1] ? ` ("${m[1].slice(0, 40)}" is not one of them)` : ''}.` });
          return;
        }
        const may = d.permissions.mayManageLinks(actorOf(turn.speaker));
        if (!may.ok) {
          await turn.send({ text: may.message });
          return;
        }
        const { previous } = await d.cases.link(team, may.place, turn.speaker.conversationId, turn.reference, person(turn.speaker));
        await d.members.add(team, turn.speaker.userId);
        await turn.send({
          text: `This channel now receives new ${TEAM_NAMES[team]} cases, each as its own post. Members of this channel can act on them. Type **unlink** to stop.${previous ? ' The channel that received them before has been told.' : ''}`,
        });
      },
    },
    {
      pattern: /^unlink$/i,
      async run(turn) {
        if (turn.speaker.conversationType !== 'channel') {
          await turn.send({ text: 'Type **unlink** in the team channel that should stop receiving cases.' });
          return;
        }
        const may = d.permissions.mayManageLinks(actorOf(turn.speaker));
        if (!may.ok) {
          await turn.send({ text: may.message });
          return;
        }
        const teams = await d.cases.unlink(may.place, person(turn.speaker));
        await turn.send({ text: teams.length ? `This channel no longer receives ${teams.map((t) => TEAM_NAMES[t]).join(', ')} cases.` : 'This channel was not linked to a team.' });
      },
    },
  ];
}
