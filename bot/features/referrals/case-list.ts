import type { CasePermissions } from '../../../cases/permissions.js';
import type { CaseRepo } from '../../../cases/repo.js';
import { STATUS_LABELS, TEAM_NAMES } from '../../../cases/types.js';
import type { Clock } from '../../../common/clock.js';
import { schoolDaysBetween } from '../../../routing/calendar.js';
import { dueWords } from '../../../cards/wording.js';
import type { TextCommand } from '../../feature.js';
import { actorOf, todayOf } from './common.js';

/** `cases`: a linked channel's open cases, an officer's every open case, or a referrer's own. */
export function caseListCommand(d: { cases: CaseRepo; permissions: CasePermissions; clock: Clock }): TextCommand {
  return {
    pattern: /^(my )?cases$/i,
    async run(turn) {
      const actor = actorOf(turn.speaker);
      const rights = await d.permissions.rightsOf(actor);
      // In a linked channel the list is that channel's teams, even for an officer who sees all.
      const linked = actor.place ? await d.cases.teamsLinkedTo(actor.place) : [];
      const list = linked.length ? await d.cases.openCases({ teams: linked }) : rights.all ? await d.cases.openCases({}) : await d.cases.openCases({ referrerKey: actor.key });
      if (!list.length) {
        await turn.send({ text: linked.length ? 'No open cases for this team.' : 'You have no open referrals.' });
        return;
      }
      const today = todayOf(d.clock);
      const lines = list.map((c) => {
        const left = c.deadline ? schoolDaysBetween(today, c.deadline, c.routing.calendar?.holidays ?? []) : null;
        const due = c.deadline ? ` · ${dueWords(c.deadline, left, today)}` : '';
        return `- **${c.reference}** · ${TEAM_NAMES[c.routing.primary]} · ${STATUS_LABELS[c.status]}${due}`;
      });
      await turn.send({ text: `${linked.length ? 'Open cases, nearest deadline first' : 'Your open referrals'}:\n\n${lines.join('\n')}` });
    },
  };
}
