import { readFileSync } from 'node:fs';
import { GuidanceAnswerer } from '../knowledge/answer.js';
import { KnowledgeBase } from '../knowledge/kb.js';
import { loadCorpus } from '../knowledge/metadata.js';
import { loadQuestionsFiles, type PassageQuestions } from '../knowledge/questions.js';
import { DECLINE_SETS, QUESTION_SETS, evalDeclines, evalQa } from '../knowledge/qa-eval.js';
import { devSet } from '../common/paths.js';
import { sql } from 'kysely';
import { caseBoardSource } from '../board/case-source.js';
import { CaseRepo } from '../cases/repo.js';
import { CasePermissions } from '../cases/permissions.js';
import { systemClock } from '../common/clock.js';
import { Store } from '../store/store.js';
import { activity, load, rssMb, startBenchServer, stop } from './bench-kit.js';

export interface BenchSection {
  title: string;
  /** Markdown lines for BENCHMARKS.md. */
  run(): Promise<string[]>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type LoadResult = Awaited<ReturnType<typeof load>>;

/**
 * The baseline and the bot, measured in turns (baseline, bot, baseline, bot, …) so a slow patch
 * of the machine hits both; the ratio is the median of the pairs' ratios, the rates the medians.
 */
async function compare(baseline: () => Promise<LoadResult>, bot: () => Promise<LoadResult>, pairs = 5): Promise<{ base: LoadResult; bot: LoadResult; ratio: number }> {
  const runs: Array<{ base: LoadResult; bot: LoadResult }> = [];
  for (let i = 0; i < pairs; i++) runs.push({ base: await baseline(), bot: await bot() });
  const mid = <K extends 'base' | 'bot'>(k: K) => [...runs].sort((a, b) => a[k].rps - b[k].rps)[Math.floor(pairs / 2)]![k];
  return { base: mid('base'), bot: mid('bot'), ratio: median(runs.map((r) => r.bot.rps / r.base.rps)) };
}

const server: BenchSection = {
  title: 'Server: cold start, memory, help turns',
  async run() {
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await startBenchServer();
      starts.push(s.readyMs);
      await stop(s);
    }
    const s = await startBenchServer();
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const idle = rssMb(s.child.pid!);
      // Warm up both paths before measuring.
      await load(`${s.url}/bench/echo`, activity('help'), 1);
      await load(`${s.url}/api/messages`, activity('help'), 1);
      const { base: echo, bot, ratio } = await compare(
        () => load(`${s.url}/bench/echo`, activity('help'), 3, s.child.pid),
        () => load(`${s.url}/api/messages`, activity('help'), 3, s.child.pid),
      );
      const start = median(starts);
      return [
        '| measure | result | target |',
        '|---|---|---|',
        `| cold start to ready (process spawn to /readyz 200, median of 3) | ${start.toFixed(0)} ms | < 2000 ms ${start < 2000 ? '✓' : '✗'} |`,
        `| RSS idle | ${idle} MB | |`,
        `| RSS peak under load | ${bot.peakRssMb} MB | |`,
        `| bare echo bot (same server and adapter), median of 5 runs of 3 s taken in turn with the bot's | ${echo.rps} req/s (p99 ${echo.p99} ms, ${echo.errors} errors) | baseline |`,
        `| \`help\` turn over /api/messages | ${bot.rps} req/s (p99 ${bot.p99} ms, ${bot.errors} errors) | |`,
        `| bot / echo (median of the 5 pairs) | ${ratio.toFixed(2)}× | ≥ 0.8× ${ratio >= 0.8 ? '✓' : '✗'} |`,
      ];
    } finally {
      await stop(s);
    }
  },
};

export const pctl = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

const answers: BenchSection = {
  title: 'Guidance answers: latency in process, index build and its growth',
  async run() {
    const questions = (JSON.parse(readFileSync(devSet('qa_dev'), 'utf8')) as Array<{ question: string }>).map((q) => q.question);
    // No answer cache here: this measures the work of answering.
    const answerer = new GuidanceAnswerer(KnowledgeBase.build(), { homeAuthority: 'Hillingdon', cacheSize: 0 });
    for (const q of questions) await answerer.answer(q); // warm-up
    const ms: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (const q of questions) {
        const t = performance.now();
        await answerer.answer(q);
        ms.push(performance.now() - t);
      }
    }
    const { documents, authorities } = loadCorpus();
    const written = documents.flatMap((d) => loadQuestionsFiles(d.meta.file));
    // As the server builds it (`buildAside`): on a large corpus the passage model trains in a worker thread.
    const build = async (times: number) => {
      const docs = Array.from({ length: times }, (_, i) => documents.map((d) => ({ ...d, meta: { ...d.meta, file: `${i}-${d.meta.file}` } }))).flat();
      // Each copy with its passages' questions, as the real corpus is indexed.
      const questions = Array.from({ length: times }, (_, i) =>
        written.map((f) => ({ ...f, file: `${i}-${f.file}`, passages: f.passages.map((p) => ({ ...p, id: `${i}-${p.id}` })) })),
      ).flat();
      const t = performance.now();
      const kb = await KnowledgeBase.buildAside({ documents: docs, authorities, questions });
      return { ms: performance.now() - t, chunks: kb.chunks.length };
    };
    const b1 = await build(1);
    const b10 = await build(10);
    const b100 = await build(100);
    const p95 = pctl(ms, 0.95);
    return [
      '| measure | result | target |',
      '|---|---|---|',
      `| answer latency, offline, uncached, ${ms.length} answers | p50 ${pctl(ms, 0.5).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms | p95 < 20 ms ${p95 < 20 ? '✓' : '✗'} |`,
      `| index build, corpus ×1 (${b1.chunks} passages) | ${b1.ms.toFixed(0)} ms | |`,
      `| index build, corpus ×10 (${b10.chunks} passages) | ${b10.ms.toFixed(0)} ms (${(b10.ms / b1.ms).toFixed(1)}× of ×1) | linear |`,
      `| index build, corpus ×100 (${b100.chunks} passages) | ${b100.ms.toFixed(0)} ms (${(b100.ms / b10.ms).toFixed(1)}× of ×10) | linear, < 10 s ${b100.ms < 10_000 ? '✓' : '✗'} |`,
    ];
  },
};

const questionTurns: BenchSection = {
  title: 'Question turns over HTTP',
  async run() {
    const q = activity('when must provision start after a permanent exclusion?');
    const cached = await startBenchServer();
    // The same server with no answer cache: every turn retrieves and writes the answer afresh.
    const fresh = await startBenchServer({ ANSWER_CACHE_SIZE: '0' });
    try {
      await load(`${cached.url}/bench/echo`, q, 1);
      await load(`${cached.url}/api/messages`, q, 1);
      await load(`${fresh.url}/api/messages`, q, 1);
      const { base: echo, bot, ratio } = await compare(
        () => load(`${cached.url}/bench/echo`, q, 3),
        () => load(`${cached.url}/api/messages`, q, 3),
      );
      const { bot: uncached, ratio: freshRatio } = await compare(
        () => load(`${cached.url}/bench/echo`, q, 3),
        () => load(`${fresh.url}/api/messages`, q, 3),
      );
      return [
        '| measure | result | target |',
        '|---|---|---|',
        `| bare echo bot | ${echo.rps} req/s (p99 ${echo.p99} ms) | baseline |`,
        `| guidance question turn, repeated question (the cited answer from the answer cache, sent without typing) | ${bot.rps} req/s (p99 ${bot.p99} ms, ${bot.errors} errors) | |`,
        `| question / echo, cached | ${ratio.toFixed(2)}× | ≥ 0.8× ${ratio >= 0.8 ? '✓' : '✗'} |`,
        `| guidance question turn, answer cache off (retrieval and answer every turn) | ${uncached.rps} req/s (p99 ${uncached.p99} ms, ${uncached.errors} errors) | |`,
        `| question / echo, uncached | ${freshRatio.toFixed(2)}× | ≥ 0.8× ${freshRatio >= 0.8 ? '✓' : '✗'} |`,
      ];
    } finally {
      await stop(cached);
      await stop(fresh);
    }
  },
};

const caseBoard: BenchSection = {
  title: 'Case board: 100,000 cases on PostgreSQL',
  async run() {
    const url = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
    if (!url) return ['Skipped: set DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL database to measure this.'];
    const schema = `bench_${Date.now().toString(36)}`;
    const store = await Store.open({ kind: 'postgres', url, schema });
    try {
      // Seed in one statement: 100,000 cases across the three teams, a third of each team's closed.
      await sql`insert into cases (id, reference, draft_id, referrer_key, referral, routing, primary_team, deadline, status, assignee, outcome, version, school, year_group, first_action_at, created_at, updated_at)
        select md5(i::text), 'AP-2026-' || lpad(i::text, 6, '0'), 'd' || i, 'user-' || (i % 500), '{}', '{"rules":[],"copied":[],"duties":[]}',
          (array['SEND','VirtualSchool','Exclusions'])[1 + i % 3],
          case when i % 4 = 0 then to_char(date '2026-01-01' + (i % 365), 'YYYY-MM-DD') else null end,
          -- A third closed in every team (closing by i % 3, as the team is chosen, closed every SEND case).
          case when (i / 3) % 3 = 0 then 'closed' else 'new' end, null, null, 1, 'School ' || (i % 300), i % 12,
          null, to_char(timestamp '2026-01-01' + (i || ' minutes')::interval, 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'), '2026-01-01T00:00:00.000Z'
        from generate_series(1, 100000) as i`.execute(store.db);
      await sql`analyze cases`.execute(store.db);
      const repo = new CaseRepo(store.db, systemClock);
      const source = caseBoardSource(repo, systemClock, new CasePermissions(repo, []));
      const time = async (q: Parameters<typeof source.list>[0]) => {
        for (let i = 0; i < 5; i++) await source.list(q);
        const ms: number[] = [];
        for (let i = 0; i < 100; i++) {
          const t = performance.now();
          await source.list({ ...q, page: 1 + (i % 10) });
          ms.push(performance.now() - t);
        }
        return ms;
      };
      const all = await time({ visibility: { teams: 'all' }, status: 'open', page: 1, pageSize: 25 });
      const team = await time({ visibility: { teams: ['SEND'] }, status: 'open', team: 'SEND', page: 1, pageSize: 25 });
      const mine = await time({ visibility: { teams: [], referrerAadId: 'user-42' }, status: 'all', page: 1, pageSize: 25 });
      const row = (name: string, ms: number[]) => `| ${name} | p50 ${pctl(ms, 0.5).toFixed(1)} ms, p95 ${pctl(ms, 0.95).toFixed(1)} ms | p95 < 50 ms ${pctl(ms, 0.95) < 50 ? '✓' : '✗'} |`;
      return [
        '| list (page of 25, with total), 100 requests | result | target |',
        '|---|---|---|',
        row('all teams, open cases', all),
        row('one team, open cases', team),
        row("a referrer's own cases", mine),
      ];
    } finally {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(store.db).catch(() => undefined);
      await store.close();
    }
  },
};

const quality: BenchSection = {
  title: 'Guidance answers: quality (the same figures as npm run eval)',
  async run() {
    const answerer = new GuidanceAnswerer(KnowledgeBase.build(), { homeAuthority: 'Hillingdon', cacheSize: 0 });
    const ask = (q: string, authority?: string) => answerer.answer(q, { authority });
    const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
    const rows = ['| questions | hit@1 | hit@3 | hit@5 | declined |', '|---|---|---|---|---|'];
    for (const set of QUESTION_SETS) {
      const r = await evalQa(ask, set.path);
      rows.push(`| ${set.name}, ${r.total} | ${pct(r.hit1, r.total)} | ${pct(r.hit3, r.total)} | ${pct(r.hit5, r.total)} | ${pct(r.declined, r.total)} |`);
    }
    rows.push('', '| questions the documents do not answer | declined |', '|---|---|');
    for (const set of DECLINE_SETS) {
      const r = await evalDeclines((q) => answerer.answer(q), set.path);
      rows.push(`| \`${set.name}\`, ${r.total} | ${pct(r.declined, r.total)} |`);
    }
    return rows;
  },
};

/** Later capabilities add their sections here. */
export const benchSections: BenchSection[] = [server, answers, quality, questionTurns, caseBoard];
