import { Chart, registerables, type Plugin } from 'chart.js';
import { api, download } from './http.js';
import { fill, h, valueOf } from './dom.js';
import { numericDate } from '../../common/dates.js';

Chart.register(...registerables);

interface Series {
  title: string;
  rows: Array<{ label: string; value: number | null; empty?: boolean }>;
}
interface Report {
  from: string;
  to: string;
  series: Series[];
}

const charts: Chart[] = [];
let wired = false;

/**
 * Writes each bar's figure above it, and "<5" where a count was suppressed, so a chart of small
 * numbers reads as "fewer than five" and a zero reads as 0, never as an empty chart.
 */
function valueLabels(s: Series, ink: string): Plugin<'bar'> {
  return {
    id: 'values',
    afterDatasetsDraw(chart) {
      const meta = chart.getDatasetMeta(0);
      const { ctx } = chart;
      ctx.save();
      ctx.fillStyle = ink;
      ctx.font = 'bold 14px "Segoe UI", system-ui, sans-serif';
      ctx.textAlign = 'center';
      s.rows.forEach((r, i) => {
        if (r.empty) return;
        const bar = meta.data[i];
        if (bar) ctx.fillText(r.value === null ? '<5' : String(r.value), bar.x, chart.scales.y!.getPixelForValue(r.value ?? 0) - 6);
      });
      ctx.restore();
    },
  };
}

/** "01/09/2026" (how dates are written in England, whatever the browser's locale) to ISO. */
function isoOf(ddmmyyyy: string): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(ddmmyyyy);
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return numericDate(iso) === `${m[1]!.padStart(2, '0')}/${m[2]!.padStart(2, '0')}/${m[3]}` && !Number.isNaN(Date.parse(iso)) ? iso : undefined;
}

function defaultPeriod(): { from: string; to: string } {
  const to = new Date();
  const from = new Date(to.getTime() - 365 * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

const say = (msg: string) => (document.getElementById('status')!.textContent = msg);

export async function renderReports(): Promise<void> {
  const form = document.getElementById('period') as HTMLFormElement;
  const fromField = document.getElementById('from') as HTMLElement & { value: string };
  const toField = document.getElementById('to') as HTMLElement & { value: string };
  if (!wired) {
    wired = true;
    const p = defaultPeriod();
    fromField.value = numericDate(p.from);
    toField.value = numericDate(p.to);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void renderReports();
    });
  }
  const from = isoOf(valueOf('from'));
  const to = isoOf(valueOf('to'));
  if (!from || !to) {
    say('Give each date as day/month/year, for example 01/09/2026.');
    return;
  }
  const q = new URLSearchParams({ from, to });
  const csv = document.getElementById('csv') as HTMLElement & { href: string };
  csv.setAttribute('href', `/api/cases/reports.csv?${q}`);
  // Fetched with the sign-in token and saved: a plain link would go without it and get 401.
  csv.onclick = (ev) => {
    ev.preventDefault();
    void download(`/api/cases/reports.csv?${q}`, `ap-cases-${from}-to-${to}.csv`).catch((e: unknown) => {
      say(`The CSV could not be downloaded: ${(e as Error).message}`);
    });
  };
  let report: Report;
  try {
    report = await api<Report>(`/api/cases/reports?${q}`);
  } catch (e) {
    say((e as Error).message);
    return;
  }
  say('');
  const box = document.getElementById('charts')!;
  charts.splice(0).forEach((c) => c.destroy());
  fill(box);
  const ink = getComputedStyle(document.documentElement).getPropertyValue('--colorNeutralForeground1') || '#242424';
  const brand = getComputedStyle(document.documentElement).getPropertyValue('--colorBrandBackground') || '#5b5fc7';
  for (const s of report.series) {
    // A text table beside each chart keeps the figures available to screen readers.
    const shown = (r: Series['rows'][number]) => (r.empty ? '' : r.value === null ? '<5' : String(r.value));
    const empty = s.rows.every((r) => r.empty);
    const canvas = h('canvas', { role: 'img', 'aria-label': s.title }) as HTMLCanvasElement;
    box.appendChild(
      h(
        'figure',
        { class: 'chart' },
        h('figcaption', {}, s.title),
        empty ? h('p', { class: 'note' }, 'Blank until an officer acts on a case.') : null,
        canvas,
        h('table', { class: 'visually-hidden' }, h('tbody', {}, s.rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label), h('td', {}, shown(r)))))),
      ),
    );
    charts.push(
      new Chart(canvas, {
        type: 'bar',
        data: { labels: s.rows.map((r) => r.label), datasets: [{ label: s.title, data: s.rows.map((r) => r.value ?? 0), backgroundColor: brand }] },
        options: { plugins: { legend: { display: false } }, scales: { x: { ticks: { color: ink } }, y: { ticks: { color: ink, precision: 0 }, suggestedMax: 5, grace: '10%' } } },
        plugins: [valueLabels(s, ink)],
      }),
    );
  }
}
