import { app, authentication } from '@microsoft/teams-js';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/tokens';
import { renderReports } from './reports.js';
import { api, esc, setTokenSource } from './http.js';
import type { CaseDetail, CaseRow } from '../source.js';

type Theme = Record<string, string | number>;
const inTeams = new URLSearchParams(location.search).has('inTeams');

function applyTheme(name: string): void {
  const theme: Theme = name === 'dark' ? teamsDarkTheme : name === 'contrast' ? teamsHighContrastTheme : teamsLightTheme;
  const root = document.documentElement.style;
  for (const [k, v] of Object.entries(theme)) root.setProperty(`--${k}`, String(v));
  document.documentElement.dataset.theme = name;
}

const statusEl = document.getElementById('status')!;
const say = (msg: string) => (statusEl.textContent = msg);

const TEAM_NAMES: Record<string, string> = { SEND: 'SEND', VirtualSchool: 'Virtual School', Exclusions: 'Exclusions and Reintegration', None: 'None' };
const STATUS_NAMES: Record<string, string> = { new: 'New', accepted: 'Accepted', assigned: 'Assigned', awaiting_info: 'Awaiting information', closed: 'Closed' };
let page = 1;
const PAGE_SIZE = 25;

function deadlineCell(c: CaseRow): string {
  if (!c.deadline) return '—';
  const left = c.schoolDaysLeft;
  const badge = c.overdue ? ' <span class="badge overdue">Overdue</span>' : left !== null ? ` <span class="badge">${left} school day${left === 1 ? '' : 's'} left</span>` : '';
  return `${esc(c.deadline)}${badge}`;
}

async function loadCases(): Promise<void> {
  const form = new FormData(document.getElementById('filters') as HTMLFormElement);
  const q = new URLSearchParams({ status: String(form.get('status')), team: String(form.get('team') ?? ''), page: String(page), pageSize: String(PAGE_SIZE) });
  say('Loading cases…');
  try {
    const data = await api<{ items: CaseRow[]; total: number }>(`/api/cases?${q}`);
    const tbody = document.querySelector('#cases tbody')!;
    tbody.innerHTML = data.items
      .map(
        (c) => `<tr class="${c.overdue ? 'overdue' : ''}" data-id="${esc(c.id)}">
          <td><a href="#case-${esc(c.id)}" data-id="${esc(c.id)}">${esc(c.reference)}</a></td>
          <td>${esc(TEAM_NAMES[c.primaryTeam] ?? c.primaryTeam)}</td>
          <td>${esc(STATUS_NAMES[c.status] ?? c.status)}</td>
          <td>${esc(c.school)}</td><td>${c.yearGroup === 0 ? 'R' : esc(c.yearGroup)}</td>
          <td>${deadlineCell(c)}</td><td>${esc(c.createdAt.slice(0, 10))}</td></tr>`,
      )
      .join('');
    const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
    document.getElementById('page')!.textContent = `Page ${page} of ${pages} · ${data.total} case${data.total === 1 ? '' : 's'}`;
    (document.getElementById('prev') as HTMLButtonElement).disabled = page <= 1;
    (document.getElementById('next') as HTMLButtonElement).disabled = page >= pages;
    say(data.total ? '' : 'No cases match these filters.');
  } catch (e) {
    say((e as Error).message);
  }
}

async function openCase(id: string): Promise<void> {
  const el = document.getElementById('detail')!;
  try {
    const c = await api<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`);
    el.innerHTML = `<h3 id="detail-heading">${esc(c.reference)} · ${esc(STATUS_NAMES[c.status] ?? c.status)}</h3>
      <dl>
        <dt>Pupil</dt><dd>${esc(c.pupilInitials)}, Year ${c.yearGroup === 0 ? 'R' : esc(c.yearGroup)}, ${esc(c.school)}</dd>
        <dt>Primary team</dt><dd>${esc(TEAM_NAMES[c.primaryTeam] ?? c.primaryTeam)}</dd>
        <dt>Copied</dt><dd>${c.copiedTeams.map((t) => esc(TEAM_NAMES[t] ?? t)).join(', ') || 'None'}</dd>
        <dt>Deadline</dt><dd>${deadlineCell(c)}</dd>
        <dt>Reason</dt><dd>${esc(c.reason)}</dd>
        <dt>Requested</dt><dd>${esc(c.requested)}</dd>
      </dl>
      <h4>Why it was routed here</h4>
      <ul>${c.rules.map((r) => `<li><strong>${esc(r.rule)}</strong> (${esc(r.paragraph)})${r.why ? `: ${esc(r.why)}` : ''}</li>`).join('')}</ul>
      <h4>Audit trail</h4>
      <ol>${c.audit.map((a) => `<li><time datetime="${esc(a.at)}">${esc(a.at.replace('T', ' ').slice(0, 16))}</time> · ${esc(a.actor)} · ${esc(a.action)}${a.detail ? `: ${esc(a.detail)}` : ''}</li>`).join('')}</ol>
      <button type="button" id="close-detail">Close</button>`;
    el.hidden = false;
    el.focus();
    document.getElementById('close-detail')!.addEventListener('click', () => {
      el.hidden = true;
    });
  } catch (e) {
    say((e as Error).message);
  }
}

function showView(name: 'cases' | 'reports'): void {
  document.getElementById('view-cases')!.hidden = name !== 'cases';
  document.getElementById('view-reports')!.hidden = name !== 'reports';
  document.getElementById('tab-cases')!.setAttribute('aria-pressed', String(name === 'cases'));
  document.getElementById('tab-reports')!.setAttribute('aria-pressed', String(name === 'reports'));
  if (name === 'reports') void renderReports();
}

async function start(): Promise<void> {
  applyTheme(matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default');
  if (inTeams) {
    try {
      await app.initialize();
      const ctx = await app.getContext();
      applyTheme(ctx.app.theme);
      app.registerOnThemeChangeHandler(applyTheme);
      // Asked for before every API call (Teams caches and renews it); the first call here proves sign-in works.
      await authentication.getAuthToken();
      setTokenSource(() => authentication.getAuthToken());
      document.getElementById('who')!.textContent = ctx.user?.displayName ?? '';
    } catch {
      say('Could not sign you in through Teams. Close and reopen the tab.');
    }
  }
  document.getElementById('filters')!.addEventListener('change', () => {
    page = 1;
    void loadCases();
  });
  document.getElementById('prev')!.addEventListener('click', () => {
    page--;
    void loadCases();
  });
  document.getElementById('next')!.addEventListener('click', () => {
    page++;
    void loadCases();
  });
  document.querySelector('#cases tbody')!.addEventListener('click', (ev) => {
    const row = (ev.target as HTMLElement).closest('[data-id]') as HTMLElement | null;
    if (row) {
      ev.preventDefault();
      void openCase(row.dataset.id!);
    }
  });
  document.getElementById('tab-cases')!.addEventListener('click', () => showView('cases'));
  document.getElementById('tab-reports')!.addEventListener('click', () => showView('reports'));
  await loadCases();
}

void start();
