import { stringify } from 'csv-stringify/sync';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../common/paths.js';
import { BoardAuthError, type BoardIdentity } from './auth.js';
import type { CaseBoardSource, ReportSeries } from './source.js';

/** A framework-free request and response, so the server edge can mount these on restify. */
export interface HttpIn {
  method?: string;
  /** The parsed JSON body of a POST. */
  body?: unknown;
  contentType?: string;
  path: string;
  query: Record<string, string | undefined>;
  authorization?: string;
  remoteAddress?: string;
}
export interface HttpOut {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

const json = (status: number, body: unknown): HttpOut => ({ status, type: 'application/json', body: JSON.stringify(body) });

const listQuery = z.object({
  status: z.enum(['open', 'all', 'new', 'accepted', 'assigned', 'awaiting_info', 'closed']).default('open'),
  team: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['SEND', 'VirtualSchool', 'Exclusions']).optional()),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
const boardAction = z.object({
  kind: z.enum(['accept', 'assign', 'requestInfo', 'close']),
  version: z.number().int().min(1),
  question: z.string().max(1000).optional(),
  outcome: z.string().max(40).optional(),
});
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');
const periodQuery = z.object({ from: isoDate, to: isoDate }).refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] });

function badRequest(e: z.ZodError): HttpOut {
  return json(400, { error: e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
}

/**
 * The reports as CSV. A cell starting with =, +, - or @ is prefixed with a quote so that a school
 * name such as "=HYPERLINK(…)" stays text in a spreadsheet instead of running as a formula.
 */
export function reportCsv(series: ReportSeries[], from: string, to: string): string {
  const rows = series.flatMap((s) => s.rows.map((r) => [s.title, r.label, r.empty ? '' : r.value === null ? '<5' : r.value, from, to]));
  return stringify(rows, { header: true, columns: ['measure', 'category', 'value', 'period_from', 'period_to'], record_delimiter: 'windows', escape_formulas: true });
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/board': { file: 'board/client/index.html', type: 'text/html; charset=utf-8' },
  '/board/': { file: 'board/client/index.html', type: 'text/html; charset=utf-8' },
  '/board/board.css': { file: 'board/client/board.css', type: 'text/css; charset=utf-8' },
  '/board/app.js': { file: 'dist/board-client/app.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * The case board: its bundled page and its authorised API.
 *
 * @example
 * const board = caseBoard({ authenticate, source });
 * const out = await board({ path: '/api/cases', query: { status: 'open' }, remoteAddress: '127.0.0.1' });
 */
export function caseBoard(deps: { authenticate: (req: HttpIn) => Promise<BoardIdentity>; source: CaseBoardSource }) {
  const cache = new Map<string, Buffer>();
  return async (req: HttpIn): Promise<HttpOut> => {
    const asset = STATIC[req.path];
    if (asset) {
      let body = cache.get(asset.file);
      if (!body) {
        try {
          body = readFileSync(fromRoot(asset.file));
        } catch {
          return json(503, { error: 'The case board has not been built: run npm run build' });
        }
        cache.set(asset.file, body);
      }
      return { status: 200, type: asset.type, body, headers: { 'cache-control': 'no-cache' } };
    }
    let identity: BoardIdentity;
    try {
      identity = await deps.authenticate(req);
    } catch (e) {
      if (e instanceof BoardAuthError) return json(e.status, { error: e.message });
      throw e;
    }
    const visibility = await deps.source.visibilityFor(identity);
    if (req.path === '/api/cases') {
      const q = listQuery.safeParse(req.query);
      if (!q.success) return badRequest(q.error);
      return json(200, await deps.source.list({ visibility, ...q.data }));
    }
    if (req.path === '/api/cases/reports' || req.path === '/api/cases/reports.csv') {
      const p = periodQuery.safeParse(req.query);
      if (!p.success) return badRequest(p.error);
      const series = await deps.source.report({ ...p.data, visibility });
      if (req.path.endsWith('.csv')) {
        return {
          status: 200,
          type: 'text/csv; charset=utf-8',
          body: reportCsv(series, p.data.from, p.data.to),
          headers: { 'content-disposition': `attachment; filename="ap-cases-${p.data.from}-to-${p.data.to}.csv"` },
        };
      }
      return json(200, { ...p.data, series });
    }
    const acting = req.path.match(/^\/api\/cases\/([A-Za-z0-9_-]{1,64})\/actions$/);
    if (acting) {
      if (req.method !== 'POST') return json(405, { error: 'Use POST' });
      // JSON only: a cross-site form cannot send it without a preflight the API never grants.
      if (!req.contentType?.startsWith('application/json')) return json(415, { error: 'Send the action as JSON' });
      const a = boardAction.safeParse(req.body);
      if (!a.success) return badRequest(a.error);
      const res = await deps.source.act(acting[1]!, identity, visibility, a.data);
      return res.ok ? json(200, res.detail) : json(res.status, { error: res.error });
    }
    if (req.method === 'POST') return json(405, { error: 'Not allowed' });
    const m = req.path.match(/^\/api\/cases\/([A-Za-z0-9_-]{1,64})$/);
    if (m) {
      const detail = await deps.source.get(m[1]!, visibility);
      // Another team's case is indistinguishable from a missing one.
      return detail ? json(200, detail) : json(404, { error: 'No such case, or not one of your teams\' cases' });
    }
    return json(404, { error: 'Not found' });
  };
}
