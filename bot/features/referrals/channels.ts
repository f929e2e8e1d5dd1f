import type { TeamMembers } from '../../../cases/members.js';
import type { CaseRepo } from '../../../cases/repo.js';
import { LINKABLE_TEAMS, TEAM_NAMES } from '../../../cases/types.js';
import type { TextCommand } from '../../feature.js';
import { person } from './common.js';

/** `link <team>` and `unlink` in a team channel: where an LA team receives its cases. */
export function channelLinkCommands(d: { cases: CaseRepo; members: TeamMembers }): TextCommand[] {
  return [
    {
      pattern: /^link(?:\s+(\S+))?$/i,
      async run(turn, m) {
        const team = LINKABLE_TEAMS.find((t) => t.toLowerCase() === (m[1] ?? '').toLowerCase());
        if (turn.speaker.conversationType !== 'channel') {
          await turn.send({ text: 'Type **link** in the team channel where the LA team should receive its cases.' });
          return;
        }
        if (!team) {
          await turn.send({ text: `Which team? Type **link SEND**, **link VirtualSchool** or **link Exclusions**${m[1] ? ` ("${m[1].slice(0, 40)}" is not one of them)` : ''}.` });
          return;
        }
        await d.cases.link(team, turn.speaker.conversationId, turn.reference, person(turn.speaker).name);
        await d.members.add(team, turn.speaker.userId);
        await turn.send({ text: `This channel now receives new ${TEAM_NAMES[team]} cases. Members of this channel can act on them. Type **unlink** to stop.` });
      },
    },
    {
      pattern: /^unlink$/i,
      async run(turn) {
        const teams = await d.cases.unlink(turn.speaker.conversationId);
        await turn.send({ text: teams.length ? `This channel no longer receives ${teams.map((t) => TEAM_NAMES[t]).join(', ')} cases.` : 'This channel was not linked to a team.' });
      },
    },
  ];
}
