import { Chart, registerables } from 'chart.js';
import { api, download, esc } from './http.js';

Chart.register(...registerables);

interface Series {
  title: string;
  rows: Array<{ label: string; value: number | null }>;
}
interface Report {
  from: string;
  to: string;
  series: Series[];
}

const charts: Chart[] = [];

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
    fromInput.value = p.from;
    toInput.value = p.to;
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void renderReports();
    });
  }
  const q = new URLSearchParams({ from: fromInput.value, to: toInput.value });
  const csv = document.getElementById('csv') as HTMLAnchorElement;
  csv.href = `/api/cases/reports.csv?${q}`;
  // Fetched with the sign-in token and saved: a plain link would go without it and get 401.
  csv.onclick = (ev) => {
    ev.preventDefault();
    void download(csv.href, `ap-cases-${fromInput.value}-to-${toInput.value}.csv`).catch((e: unknown) => {
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
    fig.innerHTML = `<figcaption>${esc(s.title)}</figcaption><canvas role="img" aria-label="${esc(s.title)}"></canvas>
      <table class="visually-hidden"><tbody>${s.rows.map((r) => `<tr><th scope="row">${esc(r.label)}</th><td>${r.value === null ? '<5' : r.value}</td></tr>`).join('')}</tbody></table>`;
    box.appendChild(fig);
    charts.push(
      new Chart(fig.querySelector('canvas')!, {
        type: 'bar',
        data: { labels: s.rows.map((r) => r.label), datasets: [{ label: s.title, data: s.rows.map((r) => r.value ?? 0), backgroundColor: brand }] },
        options: { plugins: { legend: { display: false } }, scales: { x: { ticks: { color: ink } }, y: { ticks: { color: ink, precision: 0 } } } },
      }),
    );
  }
}
