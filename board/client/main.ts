import { app, authentication } from '@microsoft/teams-js';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/tokens';
import { renderReports } from './reports.js';
import { api, esc, post, setTokenSource } from './http.js';
import { dateTime, dayMonthYear } from '../../common/dates.js';
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

const TEAM_NAMES: Record<string, string> = { SEND: 'SEND team', VirtualSchool: 'Virtual School', Exclusions: 'Exclusions and Reintegration Team', None: 'No LA team' };
const STATUS_NAMES: Record<string, string> = { new: 'New', accepted: 'Accepted', assigned: 'Assigned', awaiting_info: 'Awaiting information', closed: 'Closed' };
let page = 1;
const PAGE_SIZE = 25;

function deadlineCell(c: CaseRow): string {
  if (!c.deadline) return '—';
  const left = c.schoolDaysLeft;
  // A closed case has no time left to count: only open cases get a badge.
  const badge = c.overdue ? ' <span class="badge overdue">Overdue</span>' : c.status !== 'closed' && left !== null && left >= 0 ? ` <span class="badge">${left} school day${left === 1 ? '' : 's'} left</span>` : '';
  return `${esc(dayMonthYear(c.deadline))}${badge}`;
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
          <td>${deadlineCell(c)}</td><td>${esc(dayMonthYear(c.createdAt))}</td></tr>`,
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

const OUTCOMES: Array<[string, string]> = [
  ['placement_agreed', 'Placement agreed'],
  ['support_in_school', 'Support in school'],
  ['referred_elsewhere', 'Referred elsewhere'],
  ['withdrawn', 'Withdrawn'],
];

/** The officer's actions, as on the channel card; shown only where the API says they may act. */
function actionsHtml(c: CaseDetail): string {
  if (!c.canAct) return '';
  return `<h4>Act on this case</h4>
    <div class="actions">
      ${c.status === 'new' ? '<button type="button" class="primary" data-act="accept">Accept</button>' : ''}
      <button type="button" data-act="assign">Assign to me</button>
    </div>
    <form class="act-form" data-act="requestInfo">
      <label>Question for the referrer <textarea name="question" rows="2" maxlength="1000" required></textarea></label>
      <button type="submit">Send question</button>
    </form>
    <form class="act-form" data-act="close">
      <label>Outcome <select name="outcome" required><option value="">Choose an outcome</option>${OUTCOMES.map(([v, t]) => `<option value="${v}">${t}</option>`).join('')}</select></label>
      <button type="submit" class="danger">Close case</button>
    </form>`;
}

function detailHtml(c: CaseDetail): string {
  const year = c.yearGroup === 0 ? 'Reception' : `Year ${esc(c.yearGroup)}`;
  const pupil = c.pupil
    ? `${esc(c.pupil.name)}, ${year}, born ${esc(dayMonthYear(c.pupil.dateOfBirth))}${c.pupil.upn ? `, UPN ${esc(c.pupil.upn)}` : ''}, ${esc(c.school)}`
    : `${esc(c.pupilInitials)}, ${year}, ${esc(c.school)}`;
  return `<h3 id="detail-heading">${esc(c.reference)} · ${esc(STATUS_NAMES[c.status] ?? c.status)}${c.assignee ? ` (${esc(c.assignee)})` : ''}</h3>
      <dl>
        <dt>Pupil</dt><dd>${pupil}</dd>
        ${c.pupil ? `<dt>Referrer</dt><dd>${esc(c.pupil.referrer)}, ${esc(c.pupil.contact)}</dd>` : ''}
        <dt>Primary team</dt><dd>${esc(TEAM_NAMES[c.primaryTeam] ?? c.primaryTeam)}</dd>
        <dt>Copied</dt><dd>${c.copiedTeams.map((t) => esc(TEAM_NAMES[t] ?? t)).join(', ') || 'None'}</dd>
        <dt>Deadline</dt><dd>${deadlineCell(c)}</dd>
        <dt>Reason</dt><dd>${esc(c.reason)}</dd>
        <dt>Requested</dt><dd>${esc(c.requested)}</dd>
      </dl>
      <h4>Why it was routed here</h4>
      <ul>${c.reasons.map((r) => `<li>${esc(r.words)} <span class="source">(${esc(r.source)})</span></li>`).join('')}</ul>
      ${c.checked.length ? `<h4>Checked with the referrer</h4><ul>${c.checked.map((x) => `<li>The reason says "${esc(x.evidence)}"; they confirmed ${esc(x.answer)}.</li>`).join('')}</ul>` : ''}
      ${actionsHtml(c)}
      <h4>Audit trail</h4>
      <ol>${c.audit.map((a) => `<li><time datetime="${esc(a.at)}">${esc(dateTime(a.at))}</time> · ${esc(a.actor)} · ${esc(a.action)}${a.detail ? `: ${esc(a.detail)}` : ''}</li>`).join('')}</ol>
      <button type="button" id="close-detail">Hide details</button>`;
}

function showCase(el: HTMLElement, c: CaseDetail): void {
  el.innerHTML = detailHtml(c);
  el.hidden = false;
  document.getElementById('close-detail')!.addEventListener('click', () => {
    el.hidden = true;
  });
  const act = async (kind: string, extra: Record<string, string> = {}) => {
    try {
      const next = await post<CaseDetail>(`/api/cases/${encodeURIComponent(c.id)}/actions`, { kind, version: c.version, ...extra });
      showCase(el, next);
      say(`${next.reference}: ${STATUS_NAMES[next.status] ?? next.status}.`);
      void loadCases();
    } catch (e) {
      say((e as Error).message);
      // The case may have moved on (another officer, the channel card): show it as it is now.
      void openCase(c.id);
    }
  };
  el.querySelectorAll<HTMLButtonElement>('button[data-act]').forEach((b) => b.addEventListener('click', () => void act(b.dataset.act!)));
  el.querySelectorAll<HTMLFormElement>('form[data-act]').forEach((f) =>
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const data = Object.fromEntries([...new FormData(f).entries()].map(([k, v]) => [k, String(v)]));
      void act(f.dataset.act!, data);
    }),
  );
}

async function openCase(id: string): Promise<void> {
  const el = document.getElementById('detail')!;
  try {
    showCase(el, await api<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`));
    el.focus();
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
