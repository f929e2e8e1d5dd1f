import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { devSet } from '../common/paths.js';
import { route } from './engine.js';
import { normaliseFactNames } from './input.js';

const scenario = z.object({
  id: z.string(),
  facts: z.record(z.string(), z.unknown()),
  expected: z.object({ primary: z.string(), also_notify: z.array(z.string()), provision_deadline: z.string().nullable() }),
});

export interface RoutingEval {
  total: number;
  primaryCorrect: number;
  deadlineCorrect: number;
  notifyCorrect: number;
  allCorrect: number;
  failures: Array<{ id: string; expected: unknown; got: unknown }>;
}

/** Runs the routing scenarios: primary team, deadline, and who is told (copied teams and duties). */
export function evalRouting(path = devSet('routing_dev')): RoutingEval {
  const cases = z.array(scenario).parse(JSON.parse(readFileSync(path, 'utf8')));
  const r: RoutingEval = { total: cases.length, primaryCorrect: 0, deadlineCorrect: 0, notifyCorrect: 0, allCorrect: 0, failures: [] };
  for (const c of cases) {
    const out = route(normaliseFactNames(c.facts) as never);
    const notify = [...out.copied, ...out.duties].sort();
    const okPrimary = out.primary === c.expected.primary;
    const okDeadline = out.deadline === c.expected.provision_deadline;
    const okNotify = JSON.stringify(notify) === JSON.stringify([...c.expected.also_notify].sort());
    r.primaryCorrect += Number(okPrimary);
    r.deadlineCorrect += Number(okDeadline);
    r.notifyCorrect += Number(okNotify);
    if (okPrimary && okDeadline && okNotify) r.allCorrect++;
    else r.failures.push({ id: c.id, expected: c.expected, got: { primary: out.primary, notify, deadline: out.deadline, conflicts: out.conflicts } });
  }
  return r;
}
