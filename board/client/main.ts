import { app, authentication } from '@microsoft/teams-js';
import { renderReports } from './reports.js';
import { api, post, setTokenSource } from './http.js';
import { fill, h, valueOf } from './dom.js';
import { applyTheme, registerFluent } from './theme.js';
import { dateTime, dayMonthYear } from '../../common/dates.js';
import type { CaseDetail, CaseRow } from '../source.js';

registerFluent();
const inTeams = new URLSearchParams(location.search).has('inTeams');

const statusEl = document.getElementById('status')!;
const say = (msg: string) => (statusEl.textContent = msg);

const TEAM_NAMES: Record<string, string> = { SEND: 'SEND team', VirtualSchool: 'Virtual School', Exclusions: 'Exclusions and Reintegration Team', None: 'No LA team' };
const STATUS_NAMES: Record<string, string> = { new: 'New', accepted: 'Accepted', assigned: 'Assigned', awaiting_info: 'Awaiting information', closed: 'Closed' };
const team = (t: string) => TEAM_NAMES[t] ?? t;
let page = 1;
const PAGE_SIZE = 25;

/** A Fluent button; `attrs` may set its appearance (accent for the main action) and type. */
const button = (label: string, attrs: Record<string, string> = {}) => h('fluent-button', { appearance: 'outline', ...attrs }, label);

function deadlineCell(c: CaseRow): Node[] {
  if (!c.deadline) return [document.createTextNode('—')];
  const left = c.schoolDaysLeft;
  const out: Node[] = [document.createTextNode(dayMonthYear(c.deadline))];
  // A closed case has no time left to count: only open cases get a badge.
  if (c.overdue) out.push(document.createTextNode(' '), h('span', { class: 'badge overdue' }, 'Overdue'));
  else if (c.status !== 'closed' && left !== null && left >= 0) out.push(document.createTextNode(' '), h('span', { class: 'badge' }, `${left} school day${left === 1 ? '' : 's'} left`));
  return out;
}

async function loadCases(): Promise<void> {
  const q = new URLSearchParams({ status: valueOf('f-status') || 'open', team: valueOf('f-team'), page: String(page), pageSize: String(PAGE_SIZE) });
  say('Loading cases…');
  try {
    const data = await api<{ items: CaseRow[]; total: number }>(`/api/cases?${q}`);
    fill(
      document.querySelector('#cases tbody')!,
      data.items.map((c) =>
        h(
          'tr',
          { class: c.overdue ? 'overdue' : undefined, 'data-id': c.id },
          h('td', {}, h('a', { href: `#case-${c.id}`, 'data-id': c.id }, c.reference)),
          h('td', {}, team(c.primaryTeam)),
          h('td', {}, STATUS_NAMES[c.status] ?? c.status),
          h('td', {}, c.school),
          h('td', {}, c.yearGroup === 0 ? 'R' : c.yearGroup),
          h('td', {}, deadlineCell(c)),
          h('td', {}, dayMonthYear(c.createdAt)),
        ),
      ),
    );
    const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
    document.getElementById('page')!.textContent = `Page ${page} of ${pages} · ${data.total} case${data.total === 1 ? '' : 's'}`;
    (document.getElementById('prev') as HTMLElement & { disabled: boolean }).disabled = page <= 1;
    (document.getElementById('next') as HTMLElement & { disabled: boolean }).disabled = page >= pages;
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
function actions(c: CaseDetail): Node[] {
  if (!c.canAct) return [];
  return [
    h('h4', {}, 'Act on this case'),
    h('div', { class: 'actions' }, c.status === 'new' ? button('Accept', { appearance: 'accent', 'data-act': 'accept' }) : null, button('Assign to me', { 'data-act': 'assign' })),
    h(
      'form',
      { class: 'act-form', 'data-act': 'requestInfo' },
      h('fluent-text-area', { id: 'act-question', name: 'question', rows: 2, maxlength: 1000, required: true, resize: 'vertical' }, 'Question for the referrer'),
      button('Send question', { type: 'submit' }),
    ),
    h(
      'form',
      { class: 'act-form', 'data-act': 'close' },
      h(
        'div',
        { class: 'field' },
        h('label', { id: 'outcome-label', for: 'act-outcome' }, 'Outcome'),
        h('fluent-select', { id: 'act-outcome', name: 'outcome', 'aria-labelledby': 'outcome-label' }, h('fluent-option', { value: '', selected: true }, 'Choose an outcome'), OUTCOMES.map(([v, t]) => h('fluent-option', { value: v }, t))),
      ),
      button('Close case', { type: 'submit' }),
    ),
  ];
}

function detail(c: CaseDetail): Node[] {
  const year = c.yearGroup === 0 ? 'Reception' : `Year ${c.yearGroup}`;
  const pupil = c.pupil
    ? `${c.pupil.name}, ${year}, born ${dayMonthYear(c.pupil.dateOfBirth)}${c.pupil.upn ? `, UPN ${c.pupil.upn}` : ''}, ${c.school}`
    : `${c.pupilInitials}, ${year}, ${c.school}`;
  const row = (term: string, ...value: Array<Node | string>) => [h('dt', {}, term), h('dd', {}, ...value)];
  return [
    h('h3', { id: 'detail-heading' }, `${c.reference} · ${STATUS_NAMES[c.status] ?? c.status}${c.outcome ? `: ${c.outcome}` : ''}${c.assignee ? ` (${c.assignee})` : ''}`),
    h(
      'dl',
      {},
      row('Pupil', pupil),
      c.pupil ? row('Referrer', `${c.pupil.referrer}, ${c.pupil.contact}`) : [],
      row('Primary team', team(c.primaryTeam)),
      row('Copied', c.copiedTeams.map(team).join(', ') || 'None'),
      row('Deadline', ...deadlineCell(c)),
      row('Reason', c.reason),
      row('Requested', c.requested),
    ),
    h('h4', {}, 'Why it was routed here'),
    h('ul', {}, c.reasons.map((r) => h('li', {}, `${r.words} `, h('span', { class: 'source' }, `(${r.source})`)))),
    c.checked.length ? [h('h4', {}, 'Checked with the referrer'), h('ul', {}, c.checked.map((x) => h('li', {}, `The reason says "${x.evidence}"; they confirmed ${x.answer}.`)))] : [],
    actions(c),
    h('h4', {}, 'Audit trail'),
    h('ol', {}, c.audit.map((a) => h('li', {}, h('time', { datetime: a.at }, dateTime(a.at)), ` · ${a.actor} · ${a.action}${a.detail ? `: ${a.detail}` : ''}`))),
    button('Hide details', { id: 'close-detail' }),
  ].flat();
}

function showCase(el: HTMLElement, c: CaseDetail): void {
  fill(el, detail(c));
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
  el.querySelectorAll<HTMLElement>('fluent-button[data-act]').forEach((b) => b.addEventListener('click', () => void act(b.dataset.act!)));
  el.querySelectorAll<HTMLFormElement>('form[data-act]').forEach((f) =>
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (f.dataset.act === 'requestInfo') {
        const question = valueOf('act-question').trim();
        if (!question) return void say('Write the question for the referrer first.');
        void act('requestInfo', { question });
      } else {
        const outcome = valueOf('act-outcome');
        if (!outcome) return void say('Choose an outcome before closing the case.');
        void act('close', { outcome });
      }
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

async function start(): Promise<void> {
  // Outside Teams: the system's light or dark setting, or ?theme=default|dark|contrast to preview Teams' themes.
  const asked = new URLSearchParams(location.search).get('theme');
  applyTheme(asked === 'dark' || asked === 'contrast' || asked === 'default' ? asked : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default');
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
  for (const id of ['f-status', 'f-team']) {
    document.getElementById(id)!.addEventListener('change', () => {
      page = 1;
      void loadCases();
    });
  }
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
  // The tabs say which view is active; a change from a control inside a panel bubbles here too and is not one.
  const views = document.getElementById('views') as HTMLElement & { activeid?: string };
  views.addEventListener('change', (ev) => {
    if (ev.target === views && views.activeid === 'tab-reports') void renderReports();
  });
  await loadCases();
}

void start();
