import type { Clock } from '../common/clock.js';
import { schoolDaysBetween } from '../routing/calendar.js';
import type { CaseRepo } from './repo.js';

/**
 * Posts a reminder to the team's channel for each open case within two school days of its
 * deadline or past it, once per case per day however many instances run the check: the
 * reminder row's key (case, day) lets only one of them through.
 */
export async function sendDueReminders(repo: CaseRepo, clock: Clock): Promise<number> {
  const today = clock.now().toISOString().slice(0, 10);
  const due = await repo.db.selectFrom('cases').select(['id', 'reference', 'primary_team', 'deadline']).where('status', '!=', 'closed').where('deadline', 'is not', null).execute();
  let sent = 0;
  for (const c of due) {
    const left = schoolDaysBetween(today, c.deadline!);
    if (left > 2) continue;
    const claimed = await repo.db.insertInto('reminders').values({ case_id: c.id, day: today }).onConflict((oc) => oc.columns(['case_id', 'day']).doNothing()).executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) !== 1) continue;
    const text = left < 0 ? `Reminder: case **${c.reference}** is past its statutory deadline (${c.deadline}) by ${-left} school day${left === -1 ? '' : 's'}.` : `Reminder: case **${c.reference}** is due ${left === 0 ? 'today' : `in ${left} school day${left === 1 ? '' : 's'}`} (${c.deadline}).`;
    await repo.enqueue(repo.db, c.id, `team:${c.primary_team}`, 'reminder', { text });
    sent++;
  }
  return sent;
}
