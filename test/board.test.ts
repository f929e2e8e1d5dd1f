import { createServer } from 'node:http';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { caseBoard, reportCsv, type HttpIn } from '../board/api.js';
import { boardAuthenticator } from '../board/auth.js';
import { buildReport, type ReportCase } from '../board/reports.js';
import type { CaseBoardSource, CaseDetail, CaseRow, Visibility } from '../board/source.js';

const row = (over: Partial<CaseRow>): CaseRow => ({
  id: 'c1', reference: 'AP-2026-00001', status: 'new', primaryTeam: 'SEND', school: 'Oak Primary', yearGroup: 5,
  deadline: null, schoolDaysLeft: null, overdue: false, createdAt: '2026-11-02T09:00:00Z', ...over,
});

/** A source holding two teams' cases, filtering by visibility the way the real one must. */
function fakeSource(): CaseBoardSource & { seen: Visibility[] } {
  const cases = [row({ id: 'send1', primaryTeam: 'SEND' }), row({ id: 'ex1', reference: 'AP-2026-00002', primaryTeam: 'Exclusions' })];
  const seen: Visibility[] = [];
  const visible = (v: Visibility, c: CaseRow) => v.teams === 'all' || v.teams.includes(c.primaryTeam as never);
  return {
    seen,
    async visibilityFor(id) {
      return id.local ? { teams: 'all' } : { teams: ['SEND'], referrerAadId: id.aadObjectId };
    },
    async list(q) {
      seen.push(q.visibility);
      const items = cases.filter((c) => visible(q.visibility, c));
      return { items, total: items.length };
    },
    async get(id, v) {
      const c = cases.find((x) => x.id === id && visible(v, x));
      return c ? ({ ...c, pupilInitials: 'J.S.', canAct: false, version: 1, copiedTeams: [], duties: [], reason: 'r', requested: 'q', reasons: [], checked: [], audit: [] } satisfies CaseDetail) : undefined;
    },
    async act() {
      return { ok: false, status: 403, error: 'not in this fake' };
    },
    async report() {
      return [{ title: 'Cases by team', rows: [{ label: 'SEND', value: 12 }, { label: 'Virtual School', value: null }] }];
    },
  };
}

const req = (path: string, query: Record<string, string> = {}, remoteAddress = '127.0.0.1'): HttpIn => ({ path, query, remoteAddress });

describe('case board API', () => {
  const local = () => caseBoard({ authenticate: boardAuthenticator({}), source: fakeSource() });

  it('lists cases for a loopback caller in local mode and refuses anyone else', async () => {
    const board = local();
    const ok = await board(req('/api/cases', { status: 'open' }));
    expect(ok.status).toBe(200);
    expect(JSON.parse(String(ok.body)).total).toBe(2);
    const remote = await board(req('/api/cases', {}, '10.1.2.3'));
    expect(remote.status).toBe(403);
  });

  it('needs a Teams sign-in token once the bot has credentials', async () => {
    const board = caseBoard({ authenticate: boardAuthenticator({ appId: 'app-id', keys: async () => { throw new Error('no keys'); } }), source: fakeSource() });
    expect((await board(req('/api/cases'))).status).toBe(401);
    expect((await board({ ...req('/api/cases'), authorization: 'Bearer not.a.jwt' })).status).toBe(401);
  });

  it("answers another team's case as not found", async () => {
    const board = caseBoard({ authenticate: async () => ({ aadObjectId: 'officer-send', local: false }), source: fakeSource() });
    expect((await board(req('/api/cases/send1'))).status).toBe(200);
    expect((await board(req('/api/cases/ex1'))).status).toBe(404);
    const list = JSON.parse(String((await board(req('/api/cases'))).body)) as { items: CaseRow[] };
    expect(list.items.map((c) => c.id)).toEqual(['send1']);
  });

  it('rejects bad filters and periods with a message naming the field', async () => {
    const board = local();
    const bad = await board(req('/api/cases', { status: 'pending', page: '0' }));
    expect(bad.status).toBe(400);
    expect(String(bad.body)).toMatch(/status/);
    const period = await board(req('/api/cases/reports', { from: '2026-12-01', to: '2026-01-01' }));
    expect(period.status).toBe(400);
    expect(String(period.body)).toMatch(/from/);
  });

  it('downloads the report as CSV with suppressed cells marked', async () => {
    const out = await local()(req('/api/cases/reports.csv', { from: '2026-01-01', to: '2026-12-31' }));
    expect(out.type).toMatch(/text\/csv/);
    expect(out.headers?.['content-disposition']).toMatch(/attachment/);
    expect(String(out.body)).toContain('Cases by team,Virtual School,<5,2026-01-01,2026-12-31');
  });

  it('downloads the CSV with credentials set: the board page fetches it with the sign-in token and saves it', async () => {
    const appId = '11111111-2222-3333-4444-555555555555';
    const tid = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    const entra = await generateKeyPair('RS256');
    const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(entra.publicKey)), kid: 'k1', alg: 'RS256' }] });
    const board = caseBoard({ authenticate: boardAuthenticator({ appId, publicHost: 'ap.example.gov.uk', keys }), source: fakeSource() });
    const server = createServer((rq, rs) => {
      const url = new URL(rq.url ?? '/', 'http://x');
      void board({ path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: rq.headers.authorization, remoteAddress: rq.socket.remoteAddress }).then((out) => {
        rs.writeHead(out.status, { 'content-type': out.type, ...out.headers });
        rs.end(out.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    // The page's own download code (board/client/http.ts), with just enough of a browser for it.
    const saved: Array<{ name: string; text: Promise<string> }> = [];
    const blobs = new Map<string, Blob>();
    Object.assign(globalThis, {
      document: {
        body: { append() {} },
        createElement: () => {
          const a = { href: '', download: '', remove() {}, click: () => saved.push({ name: a.download, text: blobs.get(a.href)!.text() }) };
          return a;
        },
      },
    });
    const realCreate = URL.createObjectURL;
    URL.createObjectURL = (b: Blob) => {
      const u = `blob:${blobs.size}`;
      blobs.set(u, b);
      return u;
    };
    try {
      const client = (await import('../board/client/http.js' as string)) as {
        download(path: string, name: string): Promise<void>;
        setTokenSource(f: () => Promise<string>): void;
      };
      const path = `${base}/api/cases/reports.csv?from=2026-01-01&to=2026-12-31`;
      await expect(client.download(path, 'x.csv')).rejects.toThrow(/Sign-in required/); // a plain link's request
      let asked = 0;
      client.setTokenSource(async () => {
        asked++;
        return new SignJWT({ tid, oid: 'officer-1', scp: 'access_as_user' })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(`https://login.microsoftonline.com/${tid}/v2.0`)
          .setAudience(`api://ap.example.gov.uk/${appId}`)
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(entra.privateKey);
      });
      await client.download(path, 'x.csv');
      await client.download(path, 'x.csv');
      expect(asked).toBe(2); // a token asked of Teams before each call, never one kept from start-up
      expect(saved[0]!.name).toBe('ap-cases-2026-01-01-to-2026-12-31.csv');
      expect(await saved[0]!.text).toContain('Cases by team,Virtual School,<5,2026-01-01,2026-12-31');
    } finally {
      URL.createObjectURL = realCreate;
      delete (globalThis as { document?: unknown }).document;
      server.close();
    }
  });

  it('serves the bundled page from the same server', async () => {
    const page = await local()(req('/board/'));
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<script type="module" src="app.js">');
  });

  it('quotes CSV cells that contain commas or quotes', () => {
    expect(reportCsv([{ title: 'Cases by school', rows: [{ label: 'St "Mary\'s", Hayes', value: 7 }] }], 'a', 'b')).toContain('"St ""Mary\'s"", Hayes"');
  });

  it('keeps a school name that looks like a spreadsheet formula as text', () => {
    const labels = ['=HYPERLINK("http://x.example")', '+1 Academy', '-Hayes', '@SUM(A1)', 'Oak'];
    const csv = reportCsv([{ title: 'Cases by school', rows: labels.map((label) => ({ label, value: 6 })) }], '2026-01-01', '2026-03-31');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('measure,category,value,period_from,period_to');
    expect(lines.slice(1, 6)).toEqual([
      `Cases by school,"'=HYPERLINK(""http://x.example"")",6,2026-01-01,2026-03-31`,
      `Cases by school,'+1 Academy,6,2026-01-01,2026-03-31`,
      `Cases by school,'-Hayes,6,2026-01-01,2026-03-31`,
      `Cases by school,'@SUM(A1),6,2026-01-01,2026-03-31`,
      `Cases by school,Oak,6,2026-01-01,2026-03-31`,
    ]);
  });
});

describe('reports', () => {
  const c = (over: Partial<ReportCase>): ReportCase => ({
    primaryTeam: 'Exclusions', status: 'new', school: 'Oak', yearGroup: 9, permanentlyExcluded: true, medicalNeeds: false,
    hasEhcp: false, lookedAfter: false, onSchoolRoll: true, createdAt: '2026-03-02T09:00:00Z', firstActionAt: null, deadline: null, ...over,
  });
  const cases = [
    ...Array.from({ length: 6 }, () => c({ deadline: '2026-03-09', firstActionAt: '2026-03-03T09:00:00Z' })),
    c({ primaryTeam: 'VirtualSchool', lookedAfter: true, permanentlyExcluded: false, school: 'Elm' }),
    c({ deadline: '2026-03-09', firstActionAt: '2026-03-12T09:00:00Z' }),
  ];

  it('counts by reason, team, school and deadlines met', () => {
    const r = buildReport(cases, { acrossTeams: false });
    const find = (title: string) => r.find((s) => s.title === title)!.rows;
    expect(find('Cases by reason')).toEqual(expect.arrayContaining([{ label: 'Permanent exclusion', value: 7 }, { label: 'Looked after', value: 1 }]));
    expect(find('Statutory deadlines')).toEqual([{ label: 'Met', value: 6 }, { label: 'Missed or not yet actioned', value: 1 }]);
    expect(find('Hours to first officer action')[0]).toEqual({ label: 'Median', value: 24 });
  });

  it('suppresses counts under five when figures span teams', () => {
    const r = buildReport(cases, { acrossTeams: true });
    const byTeam = r.find((s) => s.title === 'Cases by team')!.rows;
    expect(byTeam).toEqual([{ label: 'Exclusions and Reintegration Team', value: 7 }, { label: 'Virtual School', value: null }]);
  });
});

describe('case board source over the store', () => {
  it("counts a case's school days left on the calendar its deadline was counted on (the school's own holidays)", async () => {
    const { Store } = await import('../store/store.js');
    const { freshLocation } = await import('./helpers/stores.js');
    const { CaseRepo } = await import('../cases/repo.js');
    const { CasePermissions } = await import('../cases/permissions.js');
    const { caseBoardSource } = await import('../board/case-source.js');
    const { fixedClock } = await import('../common/clock.js');
    const { routeReferral } = await import('../referrals/drafts.js');
    const { schoolDaysBetween } = await import('../routing/calendar.js');
    const { sampleReferral } = await import('./helpers/referrals.js');
    const store = await Store.open(await freshLocation('sqlite'));
    try {
      const clock = fixedClock('2026-02-13T09:00:00Z');
      const repo = new CaseRepo(store.db, clock);
      const referral = { ...sampleReferral, lookedAfter: false, exclusionStartDate: '2026-02-13', termDatesText: '16/02/2026 to 20/02/2026' };
      const routing = routeReferral(referral, {}, '2026-02-13', 'Hillingdon');
      expect(routing.deadline).toBe('2026-02-27');
      await repo.submit({ draftId: 'd1', referrer: { key: 'aad-head', name: 'Head' }, referral, routing });
      const source = caseBoardSource(repo, clock, new CasePermissions(repo, []));
      const { items } = await source.list({ visibility: { teams: 'all' }, status: 'open', page: 1, pageSize: 10 });
      const halfTerm = [{ from: '2026-02-16', to: '2026-02-20' }];
      expect(items[0]!.schoolDaysLeft).toBe(schoolDaysBetween('2026-02-13', '2026-02-27', halfTerm));
      expect(items[0]!.schoolDaysLeft).toBeLessThan(schoolDaysBetween('2026-02-13', '2026-02-27'));
    } finally {
      await store.close();
    }
  });
});
