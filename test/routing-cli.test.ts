import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { runRoute } from '../cli/route.js';
import { fromRoot } from '../common/paths.js';
import { route, routingFactsSchema } from '../routing/engine.js';
import { PolicyError, loadPolicy, parsePolicy } from '../routing/policy.js';
import { memoryIo } from './helpers/io.js';

const snake = {
  age: 12, year_group: 7, has_ehcp: false, looked_after: true, permanently_excluded: true, exclusion_first_day: '2025-10-03',
  suspended_days: 0, medical_needs: false, on_school_roll: true, reason: 'Child looked after by the council (foster care).', requested: 'AP',
};
const camel = {
  ageYears: 8, yearGroup: 3, hasEhcp: false, lookedAfter: false, permanentlyExcluded: false, exclusionStartDate: null,
  suspensionDays: 0, medicalNeeds: true, onSchoolRoll: true, reason: 'On treatment for leukaemia and unable to attend.', requested: 'Home tuition',
};

async function jsonl(lines: string[]) {
  const m = memoryIo(lines.join('\n') + '\n');
  const code = await runRoute(['--jsonl'], m.io);
  return { code, raw: m.out(), err: m.err(), out: m.out().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('ap-assist route --jsonl', () => {
  it('writes one JSON line per input line, in order, and nothing else', async () => {
    const r = await jsonl([
      JSON.stringify({ id: 'x1', ...snake }),
      '   ',
      JSON.stringify({ id: 'x2', ...camel }),
      '{"id": "x3", "ageYears": ',
      JSON.stringify({ id: 'x4', ...camel, onSchoolRoll: 'yes' }),
      JSON.stringify({ id: 'x5', ...camel, permanentlyExcluded: true }),
      JSON.stringify({ id: 'x6', ...snake, exclusion_first_day: '2025-02-30' }),
      JSON.stringify({ id: 'x7', ...camel }),
    ]);
    expect(r.code).toBe(0);
    for (const line of r.raw.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(r.out.map((o) => o.id)).toEqual(['x1', 'x2', null, 'x4', 'x5', 'x6', 'x7']);
    expect(r.out[0]).toEqual({
      id: 'x1', primary: 'Exclusions', copied: ['VirtualSchool'], duties: ['SocialWorker'], deadline: '2025-10-03', conflicts: [],
      rules: expect.arrayContaining([{ rule: 'P1', paragraph: '003 §5.6' }]),
      notes: expect.arrayContaining([expect.objectContaining({ kind: 'info' })]),
      calendar: { name: 'weekdays less England and Wales bank holidays', holidaysCounted: false },
    });
    expect(Object.keys(r.out[1]!).sort()).toEqual(['calendar', 'conflicts', 'copied', 'deadline', 'duties', 'id', 'notes', 'primary', 'rules']);
    expect(r.out[1]).toMatchObject({ primary: 'Exclusions', duties: ['LA_FTE_notification'], deadline: null });
    expect(Object.keys(r.out[2]!).sort()).toEqual(['error', 'id']);
    expect(r.out[3]).toEqual({ id: 'x4', error: expect.stringMatching(/onSchoolRoll/) });
    // Excluded with the first day not known yet: routed, without a deadline.
    expect(r.out[4]).toMatchObject({ id: 'x5', primary: 'Exclusions', deadline: null });
    expect(r.out[5]).toEqual({ id: 'x6', error: expect.stringMatching(/exclusionStartDate/) });
    expect(r.out[6]).toMatchObject({ id: 'x7', primary: 'Exclusions' });
  });

  it('agrees with the engine on every field it reports', async () => {
    const r = await jsonl([JSON.stringify({ id: 'same', ...camel, hasEhcp: true })]);
    const direct = route({ ...camel, hasEhcp: true });
    expect(r.out[0]).toMatchObject({ primary: direct.primary, copied: direct.copied, duties: direct.duties, deadline: direct.deadline });
  });

  it('reports a contradiction as field and evidence only', async () => {
    const r = await jsonl([JSON.stringify({ id: 'c', ...camel, medicalNeeds: false, reason: 'EHCP was finalised last week, naming our school.' })]);
    expect(r.out[0]).toMatchObject({ primary: 'SEND', conflicts: [{ field: 'hasEhcp', evidence: expect.any(String) }] });
    expect(Object.keys((r.out[0]!.conflicts as object[])[0]!).sort()).toEqual(['evidence', 'field']);
  });
});

describe('ap-assist route (one referral)', () => {
  it('explains the primary team, copies, duties and deadline from --input', async () => {
    const m = memoryIo('');
    expect(await runRoute(['--input', JSON.stringify(snake)], m.io)).toBe(0);
    const text = m.out();
    expect(text).toMatch(/Exclusions and Reintegration Team/);
    expect(text).toMatch(/Virtual School/);
    expect(text).toMatch(/social worker/i);
    expect(text).toMatch(/Friday 3 October 2025/);
    // Reasons in words with the document a person can look up; rule codes and file numbers are for the JSON output.
    expect(text).toMatch(/\(Hillingdon AP Guidance 2024\/25, 5\.6\)/);
    expect(text).not.toMatch(/\b(P|C|D|DL)\d\b|\b003\b|§/);
  });

  it('fails with a message on stderr, not stdout, for an invalid referral', async () => {
    const m = memoryIo(JSON.stringify({ ...camel, yearGroup: -3 }));
    expect(await runRoute([], m.io)).not.toBe(0);
    expect(m.out()).toBe('');
    expect(m.err()).toMatch(/yearGroup/);
  });

  it('prints usage for --help, with every field the router accepts, its type and whether it is required', async () => {
    const m = memoryIo('');
    expect(await main(['route', '--help'], m.io, {})).toBe(0);
    expect(m.out()).toMatch(/--jsonl/);
    expect(m.out()).toMatch(/--authority/);
    for (const field of Object.keys(routingFactsSchema.shape)) expect(m.out()).toMatch(new RegExp(`^  ${field} +\\S`, 'm'));
    const line = (field: string) => m.out().split('\n').find((l) => l.trimStart().startsWith(`${field} `)) ?? '';
    expect(line('ageYears')).toMatch(/whole number 2 to 25; required/);
    expect(line('lookedAfter')).toMatch(/true or false; required/);
    expect(line('exclusionStartDate')).toMatch(/date YYYY-MM-DD or null; optional/);
    expect(line('suspensionDays')).toMatch(/optional, default 0/);
  });

  it('says where a referral stops being JSON', async () => {
    const m = memoryIo('{"ageYears": 14,, "yearGroup": 9}');
    expect(await runRoute([], m.io)).toBe(2);
    expect(m.err()).toMatch(/not valid JSON at position 16\b/);
    const lines = await jsonl(['{"id": "a", "ageYears": ']);
    expect(lines.out[0]).toEqual({ id: null, error: expect.stringMatching(/not valid JSON at position 24\b/) });
    const empty = memoryIo('');
    expect(await runRoute([], empty.io)).toBe(2);
    expect(empty.err()).toMatch(/no referral given/);
  });

  it("runs the README's route example exactly as written", async () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    const example = /^echo '(\{.*\})' \| node dist\/cli\/main\.js route$/m.exec(readme);
    expect(example, 'the README shows one referral piped into route').not.toBeNull();
    const m = memoryIo(example![1]!);
    expect(await main(['route'], m.io, {})).toBe(0);
    expect(m.out()).toMatch(/^Primary team: /m);
    expect(m.err()).toBe('');
  });
});

describe('routing policy files', () => {
  const shipped = () => structuredClone(loadPolicy()) as unknown as Record<string, unknown> & { duties_rules: Array<{ duty: string }>; primary: Array<{ when: unknown }> };

  it('rejects a duty that the policy does not declare, naming where', () => {
    const p = shipped();
    p.duties_rules[0]!.duty = 'PhoneTheMinister';
    expect(() => parsePolicy(p, 'bad.json')).toThrow(PolicyError);
    expect(() => parsePolicy(p, 'bad.json')).toThrow(/bad\.json.*duties_rules\.0\.duty/);
  });

  it('rejects an unknown team and a condition that is not one', () => {
    const p = shipped();
    (p.primary[0] as unknown as { team: string }).team = 'Police';
    expect(() => parsePolicy(p)).toThrow(/primary\.0\.team/);
    const q = shipped();
    q.primary[0]!.when = { fact: 'lookedAfter', is: 'maybe', unless: 1 };
    expect(() => parsePolicy(q)).toThrow(PolicyError);
  });

  it('rejects a text pattern that is not a regular expression', () => {
    const p = shipped() as unknown as { textFacts: Array<{ patterns: string[] }> };
    p.textFacts[0]!.patterns = ['(unclosed'];
    expect(() => parsePolicy(p)).toThrow(/regular expression/);
  });

  it('picks up a policy file dropped into routing/policies with no code change', () => {
    const name = `Testshire${process.pid}`;
    const file = fromRoot('routing', 'policies', `zz-test-${process.pid}.json`);
    const p = shipped();
    p.authority = name;
    p.primary = p.primary.slice(-1); // only the catch-all: every referral stays in school
    // Written aside and renamed in, so a test reading the folder meanwhile never sees half a file.
    writeFileSync(file + '.part', JSON.stringify(p));
    renameSync(file + '.part', file);
    try {
      const facts = { ...camel, lookedAfter: true };
      expect(route(facts, { authority: name }).primary).toBe('None');
      expect(route(facts).primary).toBe('VirtualSchool');
    } finally {
      rmSync(file, { force: true });
    }
  });
});
