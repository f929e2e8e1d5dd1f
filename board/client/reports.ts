import { Chart, registerables, type Plugin } from 'chart.js';
import { api, download, esc } from './http.js';
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

/**
 * Writes "<5" where a count was suppressed, so a chart of small numbers reads as "fewer than
 * five" rather than as an empty chart.
 */
function suppressedLabels(s: Series, ink: string): Plugin<'bar'> {
  return {
    id: 'suppressed',
    afterDatasetsDraw(chart) {
      const meta = chart.getDatasetMeta(0);
      const { ctx } = chart;
      ctx.save();
      ctx.fillStyle = ink;
      ctx.font = 'bold 14px "Segoe UI", system-ui, sans-serif';
      ctx.textAlign = 'center';
      s.rows.forEach((r, i) => {
        if (r.value !== null || r.empty) return;
        const bar = meta.data[i];
        if (bar) ctx.fillText('<5', bar.x, chart.scales.y!.getPixelForValue(0) - 6);
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

export async function renderReports(): Promise<void> {
  const form = document.getElementById('period') as HTMLFormElement;
  const fromInput = form.elements.namedItem('from') as HTMLInputElement;
  const toInput = form.elements.namedItem('to') as HTMLInputElement;
  if (!fromInput.value) {
    const p = defaultPeriod();
    fromInput.value = numericDate(p.from);
    toInput.value = numericDate(p.to);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void renderReports();
    });
  }
  const from = isoOf(fromInput.value);
  const to = isoOf(toInput.value);
  if (!from || !to) {
    document.getElementById('status')!.textContent = 'Give each date as day/month/year, for example 01/09/2026.';
    return;
  }
  const q = new URLSearchParams({ from, to });
  const csv = document.getElementById('csv') as HTMLAnchorElement;
  csv.href = `/api/cases/reports.csv?${q}`;
  // Fetched with the sign-in token and saved: a plain link would go without it and get 401.
  csv.onclick = (ev) => {
    ev.preventDefault();
    void download(csv.href, `ap-cases-${from}-to-${to}.csv`).catch((e: unknown) => {
      document.getElementById('status')!.textContent = `The CSV could not be downloaded: ${(e as Error).message}`;
    });
  };
  const report = await api<Report>(`/api/cases/reports?${q}`);
  const box = document.getElementById('charts')!;
  charts.splice(0).forEach((c) => c.destroy());
  box.innerHTML = '';
  const ink = getComputedStyle(document.documentElement).getPropertyValue('--colorNeutralForeground1') || '#242424';
  const brand = getComputedStyle(document.documentElement).getPropertyValue('--colorBrandBackground') || '#5b5fc7';
  for (const s of report.series) {
    const fig = document.createElement('figure');
    fig.className = 'chart';
    // A text table beside each chart keeps the figures available to screen readers.
    const shown = (r: Series['rows'][number]) => (r.empty ? '' : r.value === null ? '<5' : String(r.value));
    const empty = s.rows.every((r) => r.empty);
    fig.innerHTML = `<figcaption>${esc(s.title)}</figcaption>${empty ? '<p class="note">Blank until an officer acts on a case.</p>' : ''}<canvas role="img" aria-label="${esc(s.title)}"></canvas>
      <table class="visually-hidden"><tbody>${s.rows.map((r) => `<tr><th scope="row">${esc(r.label)}</th><td>${esc(shown(r))}</td></tr>`).join('')}</tbody></table>`;
    box.appendChild(fig);
    charts.push(
      new Chart(fig.querySelector('canvas')!, {
        type: 'bar',
        data: { labels: s.rows.map((r) => r.label), datasets: [{ label: s.title, data: s.rows.map((r) => r.value ?? 0), backgroundColor: brand }] },
        options: { plugins: { legend: { display: false } }, scales: { x: { ticks: { color: ink } }, y: { ticks: { color: ink, precision: 0 }, suggestedMax: 5 } } },
        plugins: [suppressedLabels(s, ink)],
      }),
    );
  }
}
