/** The dashboard's charts (Chart.js), each a pure function of the API's answers. */
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import type { Figures, MetricsReport } from './api';
import { duration, shortDay } from './format';
import { CHANNEL_LABELS, COLORS } from './palette';

Chart.register(...registerables);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
Chart.defaults.font.size = 13;
Chart.defaults.color = '#475569';
Chart.defaults.borderColor = COLORS.grid;
Chart.defaults.plugins.legend.labels.usePointStyle = true;
Chart.defaults.plugins.legend.labels.boxWidth = 8;
Chart.defaults.plugins.legend.position = 'bottom';
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.animation = false;

export type ChartName = 'npsTrend' | 'satisfaction' | 'sentimentByChannel' | 'funnel' | 'closeTime';
const charts = new Map<ChartName, Chart>();
/** For the browser test and the curious: the charts' current data. */
(window as unknown as { cxCharts: Map<ChartName, Chart> }).cxCharts = charts;

function draw(name: ChartName, canvas: HTMLCanvasElement, config: ChartConfiguration) {
  charts.get(name)?.destroy();
  charts.set(name, new Chart(canvas, config));
}

const days = (report: MetricsReport) => report.series.map((s) => shortDay(s.period));

export function npsTrend(canvas: HTMLCanvasElement, report: MetricsReport) {
  const daily = report.series.map((s) => s.figures.nps.score);
  const trailing = (days: number) => report.series.map((s) => s.trailing?.find((t) => t.days === days)?.score ?? null);
  draw('npsTrend', canvas, {
    type: 'bar',
    data: {
      labels: days(report),
      datasets: [
        {
          type: 'line',
          label: '7-day rolling NPS',
          data: trailing(7),
          borderColor: COLORS.brand,
          backgroundColor: COLORS.brandSoft,
          borderWidth: 3,
          pointRadius: 2,
          pointBackgroundColor: COLORS.brand,
          cubicInterpolationMode: 'monotone' as const,
          fill: 'origin',
          spanGaps: true,
          order: 1,
        },
        {
          type: 'line',
          label: '30-day NPS',
          data: trailing(30),
          borderColor: COLORS.muted,
          borderDash: [6, 5],
          borderWidth: 2,
          pointRadius: 0,
          cubicInterpolationMode: 'monotone' as const,
          spanGaps: true,
          order: 2,
        },
        {
          type: 'bar',
          label: 'Daily NPS',
          data: daily,
          backgroundColor: daily.map((v) => ((v ?? 0) >= 0 ? 'rgba(22, 163, 74, 0.55)' : 'rgba(220, 38, 38, 0.55)')),
          borderRadius: 4,
          maxBarThickness: 22,
          order: 3,
        },
      ],
    },
    options: {
      scales: { y: { min: -100, max: 100, ticks: { stepSize: 50 } }, x: { grid: { display: false }, ticks: { maxTicksLimit: 12 } } },
      plugins: { tooltip: { mode: 'index', intersect: false } },
    },
  });
}

/**
 * Per-day percentages from few answers jump (one CES answer is 0% or 100%): each day is a point of
 * its own, never joined by a smoothed line that would draw a trend between them.
 */
export function satisfaction(canvas: HTMLCanvasElement, report: MetricsReport) {
  const points = (label: string, color: string, style: 'circle' | 'rectRot', pick: (f: Figures) => number | null) => ({
    type: 'line' as const,
    label,
    data: report.series.map((s) => pick(s.figures)),
    borderColor: color,
    backgroundColor: color,
    showLine: false,
    pointStyle: style,
    pointRadius: 5,
    pointHoverRadius: 7,
  });
  draw('satisfaction', canvas, {
    type: 'line',
    data: { labels: days(report), datasets: [points('CSAT · % satisfied (4–5)', COLORS.csat, 'circle', (f) => f.csat.satisfiedPct), points('CES · % easy (6–7)', COLORS.ces, 'rectRot', (f) => f.ces.easyPct)] },
    options: {
      scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } }, x: { grid: { display: false }, ticks: { maxTicksLimit: 8 } } },
      plugins: { tooltip: { mode: 'index', intersect: false } },
    },
  });
}

export function sentimentByChannel(canvas: HTMLCanvasElement, byChannel: Array<{ channel: string; figures: Figures }>) {
  const rows = byChannel.filter((r) => sentimentTotal(r.figures) > 0);
  const share = (key: 'positive' | 'neutral' | 'mixed' | 'negative') => rows.map((r) => Math.round((r.figures.sentiment[key] / sentimentTotal(r.figures)) * 1000) / 10);
  const set = (label: string, key: 'positive' | 'neutral' | 'mixed' | 'negative', color: string) => ({ label, data: share(key), backgroundColor: color, borderRadius: 3, maxBarThickness: 28 });
  draw('sentimentByChannel', canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => CHANNEL_LABELS[r.channel] ?? r.channel),
      datasets: [set('Positive', 'positive', COLORS.positive), set('Neutral', 'neutral', COLORS.neutral), set('Mixed', 'mixed', COLORS.mixed), set('Negative', 'negative', COLORS.negative)],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { stacked: true, min: 0, max: 100, ticks: { callback: (v) => `${v}%` } }, y: { stacked: true, grid: { display: false } } },
      plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${ctx.parsed.x}%` } } },
    },
  });
}

const sentimentTotal = (f: Figures) => f.sentiment.positive + f.sentiment.neutral + f.sentiment.mixed + f.sentiment.negative;

/** From feedback to a closed loop: how many needed a reply, got one, and came back happier. */
export function funnel(canvas: HTMLCanvasElement, f: Figures) {
  const steps: Array<[string, number, string]> = [
    ['Feedback received', f.responses, COLORS.brand],
    ['Thank-you emails sent', f.outreach.gratitude.sent, COLORS.promoter],
    ['Needed recovery', f.actions.recovery, COLORS.passive],
    ['Recovery emails sent', f.outreach.recovery.sent, COLORS.p95],
    ['Escalated to the team', f.escalations, COLORS.mixed],
    ['Recovered (won back)', f.recovery.won, COLORS.positive],
    ['Not recovered', f.recovery.lost, COLORS.detractor],
  ];
  draw('funnel', canvas, {
    type: 'bar',
    data: {
      labels: steps.map(([label]) => label),
      datasets: [{ label: 'Customers', data: steps.map(([, n]) => n), backgroundColor: steps.map(([, , c]) => c), borderRadius: 4, maxBarThickness: 26 }],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } },
      plugins: { legend: { display: false } },
    },
  });
}

export function closeTime(canvas: HTMLCanvasElement, report: MetricsReport) {
  const line = (label: string, color: string, pick: (f: Figures) => number | null, dash: number[] = []) => ({
    label,
    data: report.series.map((s) => pick(s.figures)),
    borderColor: color,
    backgroundColor: color,
    borderDash: dash,
    borderWidth: 2.5,
    pointRadius: 3,
    // Straight segments between measured days only: a spline invents values between sparse points.
    tension: 0,
    spanGaps: false,
  });
  draw('closeTime', canvas, {
    type: 'line',
    data: { labels: days(report), datasets: [line('Median', COLORS.median, (f) => f.closeTime.medianMs), line('95th percentile', COLORS.p95, (f) => f.closeTime.p95Ms, [6, 4])] },
    options: {
      scales: {
        y: { beginAtZero: true, ticks: { callback: (v) => duration(Number(v)), maxTicksLimit: 6 } },
        x: { grid: { display: false }, ticks: { maxTicksLimit: 8 } },
      },
      plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${duration(ctx.parsed.y)}` } } },
    },
  });
}

