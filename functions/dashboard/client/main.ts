/**
 * The customer-experience dashboard: filters (date range, channel) → the read API → KPI cards,
 * charts and the latest feedback with the reason for each decision. No framework: a page of
 * plain DOM, re-rendered on every filter change.
 */
import * as api from './api';
import type { FeedbackList, FeedbackView, Figures, Filters, MetricsReport } from './api';
import { renderCasesPanel } from './cases-panel';
import { renderExperimentPanel } from './experiment-panel';
import { closeTime, funnel, npsTrend, satisfaction, sentimentByChannel } from './charts';
import { addDays, dash, duration, num, pct, plural, shortDay, signed, time, usd } from './format';
import { CHANNEL_LABELS, SOURCE_LABELS } from './palette';

interface Config {
  title: string;
  channels: string[];
  timezone: string;
}

const config = JSON.parse(document.getElementById('cx-config')!.textContent!) as Config;
const FEEDBACK_ROWS = 12;

document.body.innerHTML = `
<header class="top">
  <div class="brand">
    <div class="logo" aria-hidden="true">◎</div>
    <div><h1></h1><p class="sub">Customer experience · closing the loop</p></div>
  </div>
  <form class="filters" id="filters">
    <div class="quick" role="group" aria-label="Quick ranges">
      <button type="button" data-days="7">7 days</button><button type="button" data-days="30">30 days</button><button type="button" data-days="90">90 days</button>
    </div>
    <label>From <input type="date" name="from" required></label>
    <label>To <input type="date" name="to" required></label>
    <label>Channel <select name="channel"><option value="">All channels</option></select></label>
  </form>
</header>
<main>
  <p class="status" id="status" role="status"></p>
  <section class="kpis" id="kpis"></section>
  <section class="grid">
    <article class="card wide"><header><h2>Net Promoter Score</h2><p>Daily score (bars) with the rolling 7-day and 30-day NPS</p></header><div class="chart tall"><canvas id="chart-nps"></canvas></div></article>
    <article class="card"><header><h2>Satisfaction &amp; effort</h2><p>CSAT satisfied and CES easy, per day</p></header><div class="chart"><canvas id="chart-satisfaction"></canvas></div></article>
    <article class="card"><header><h2>Sentiment by channel</h2><p>Share of comments by tone</p></header><div class="chart"><canvas id="chart-sentiment"></canvas></div></article>
    <article class="card"><header><h2>Closing the loop</h2><p>From feedback to a thank-you, a recovery and a customer won back</p></header><div class="chart"><canvas id="chart-funnel"></canvas></div></article>
    <article class="card"><header><h2>Automated email latency</h2><p>Feedback received → our email sent, per day (a person's follow-up: People in the loop)</p></header><div class="chart"><canvas id="chart-close"></canvas></div></article>
    <article class="card wide"><header><h2>Latest feedback</h2><p>What customers said, how it read, and what we did — with the reason</p></header><div class="table-wrap"><table class="feedback" id="feedback"><thead><tr><th>When</th><th>Customer</th><th>Source</th><th>Score</th><th>Sentiment</th><th>Comment</th><th>Decision</th></tr></thead><tbody></tbody></table></div><nav class="pager" aria-label="Feedback pages"><button type="button" id="newer" disabled>← Newer</button><span id="page-info"></span><button type="button" id="older" disabled>Older →</button></nav></article>
  </section>
  <footer class="foot" id="foot"></footer>
</main>`;

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
$('h1').textContent = config.title;
document.title = `${config.title} · Customer experience`;
const form = $<HTMLFormElement>('#filters');
const select = form.elements.namedItem('channel') as HTMLSelectElement;
for (const channel of config.channels) select.add(new Option(CHANNEL_LABELS[channel] ?? channel, channel));

function readFilters(): Filters {
  const params = new URLSearchParams(location.search);
  // Today where the business is, as the rollups count days (en-CA formats YYYY-MM-DD).
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: config.timezone }).format(new Date());
  const to = params.get('to') ?? today;
  return { from: params.get('from') ?? addDays(to, -29), to, channel: params.get('channel') ?? '' };
}

function setFilters(f: Filters) {
  (form.elements.namedItem('from') as HTMLInputElement).value = f.from;
  (form.elements.namedItem('to') as HTMLInputElement).value = f.to;
  select.value = f.channel;
  // The URL is the state: a link shared after the meeting opens the same view.
  history.replaceState(null, '', `?${new URLSearchParams(Object.entries(f).filter(([, v]) => v))}`);
}

form.addEventListener('change', () => {
  const data = new FormData(form);
  void load({ from: String(data.get('from')), to: String(data.get('to')), channel: String(data.get('channel') ?? '') });
});
for (const button of form.querySelectorAll<HTMLButtonElement>('[data-days]')) {
  button.addEventListener('click', () => {
    const to = readFilters().to;
    void load({ ...readFilters(), from: addDays(to, 1 - Number(button.dataset.days)) });
  });
}

/** Feedback paging: the cursor that opens each page seen so far (page 0 needs none). */
let pageCursors: Array<string | undefined> = [undefined];
let pageIndex = 0;
let current: Filters;

let generation = 0;
async function load(filters: Filters) {
  const mine = ++generation;
  setFilters(filters);
  current = filters;
  pageCursors = [undefined];
  pageIndex = 0;
  document.body.dataset.state = 'loading';
  $('#status').textContent = '';
  try {
    const [report, byChannel, latest] = await Promise.all([
      api.metrics(filters),
      Promise.all(config.channels.map(async (channel) => ({ channel, figures: (await api.metrics({ ...filters, channel })).total }))),
      api.feedback(filters, FEEDBACK_ROWS),
    ]);
    if (mine !== generation) return;
    render(report, filters.channel ? byChannel.filter((c) => c.channel === filters.channel) : byChannel, latest);
    document.body.dataset.state = 'ready';
  } catch (err) {
    if (mine !== generation) return;
    $('#status').textContent = `Could not load the figures: ${(err as Error).message}`;
    document.body.dataset.state = 'error';
  }
}

async function showPage(index: number) {
  const mine = ++generation;
  document.body.dataset.state = 'loading';
  try {
    const list = await api.feedback(current, FEEDBACK_ROWS, pageCursors[index]);
    if (mine !== generation) return;
    pageIndex = index;
    feedbackPage(list);
    document.body.dataset.state = 'ready';
  } catch (err) {
    if (mine !== generation) return;
    $('#status').textContent = `Could not load the feedback: ${(err as Error).message}`;
    document.body.dataset.state = 'error';
  }
}
$('#older').addEventListener('click', () => void showPage(pageIndex + 1));
$('#newer').addEventListener('click', () => void showPage(pageIndex - 1));

function feedbackPage(list: FeedbackList) {
  pageCursors[pageIndex + 1] = list.nextCursor;
  feedbackRows(list.items);
  $<HTMLButtonElement>('#newer').disabled = pageIndex === 0;
  $<HTMLButtonElement>('#older').disabled = !list.nextCursor;
  $('#page-info').textContent = `Page ${pageIndex + 1}`;
}

function render(report: MetricsReport, byChannel: Array<{ channel: string; figures: Figures }>, latest: FeedbackList) {
  const t = report.total;
  const nps7 = report.trailing.find((w) => w.days === 7);
  kpis([
    { id: 'nps', label: 'NPS', value: signed(t.nps.score), note: t.nps.marginOfError === null ? plural(t.nps.responses, 'answer') : `± ${num(t.nps.marginOfError, 1)} · ${plural(t.nps.responses, 'answer')}`, tone: tone(t.nps.score, 30, 0) },
    { id: 'nps7', label: 'NPS · last 7 days', value: signed(nps7?.score), note: nps7?.marginOfError != null ? `± ${num(nps7.marginOfError, 1)} · ${plural(nps7.responses, 'answer')}` : plural(nps7?.responses ?? 0, 'answer') },
    { id: 'responses', label: 'Responses', value: num(t.responses), note: `${plural(t.nps.promoters, 'promoter')} · ${plural(t.nps.passives, 'passive')} · ${plural(t.nps.detractors, 'detractor')}` },
    { id: 'csat', label: 'CSAT', value: pct(t.csat.satisfiedPct), note: t.csat.mean === null ? 'no answers' : `mean ${num(t.csat.mean, 2)} / 5` },
    { id: 'ces', label: 'CES · easy', value: pct(t.ces.easyPct), note: t.ces.mean === null ? 'no answers' : `mean ${num(t.ces.mean, 2)} / 7` },
    { id: 'sentiment', label: 'Mean sentiment', value: signed(t.sentiment.meanPolarity, 2), note: 'from −1 to +1', tone: tone(t.sentiment.meanPolarity, 0.2, -0.1) },
    { id: 'close', label: 'Email latency', value: duration(t.closeTime.medianMs), note: t.closeTime.p95Ms === null ? 'median' : `median · p95 ${duration(t.closeTime.p95Ms)}` },
    { id: 'recovery', label: 'Recovered', value: pct(t.recovery.wonPct), note: `${num(t.recovery.won)} won · ${num(t.recovery.lost)} lost` },
    { id: 'cost', label: 'Cost · list price', value: usd(t.cost.totalUsd), note: `${usd(t.cost.perResponseUsd)} / response · ${usd(t.cost.perEmailUsd)} / email · ${usd(t.cost.perRecoveredCustomerUsd)} / recovered` },
  ]);
  npsTrend($('#chart-nps'), report);
  satisfaction($('#chart-satisfaction'), report);
  sentimentByChannel($('#chart-sentiment'), byChannel);
  funnel($('#chart-funnel'), t);
  closeTime($('#chart-close'), report);
  feedbackPage(latest);
  void renderCasesPanel($('.grid'), t).then(() => renderExperimentPanel($('.grid')));
  $('#foot').textContent = `${report.from} → ${report.to} · business days in ${report.timezone} · ${freshness(report)}`;
}

/** "As of" only for days that really come from a rollup; today (and any day not rolled up yet) is live. */
function freshness(report: MetricsReport): string {
  if (!report.computedAt) return 'live from the counters';
  if (!report.liveFrom) return `figures as of ${time(report.computedAt)}`;
  return `until ${shortDay(addDays(report.liveFrom, -1))} as rolled up ${time(report.computedAt)} · from ${shortDay(report.liveFrom)} live from the counters`;
}

type Tone = 'good' | 'bad' | undefined;
const tone = (v: number | null, good: number, bad: number): Tone => (v === null ? undefined : v >= good ? 'good' : v < bad ? 'bad' : undefined);

function kpis(cards: Array<{ id: string; label: string; value: string; note: string; tone?: Tone }>) {
  $('#kpis').replaceChildren(
    ...cards.map((c) => {
      const card = el('div', `kpi${c.tone ? ` ${c.tone}` : ''}`);
      card.dataset.testid = `kpi-${c.id}`;
      const note = el('span', 'note', c.note);
      note.title = c.note;
      card.append(el('span', 'label', c.label), el('strong', 'value', c.value), note);
      return card;
    }),
  );
}

function feedbackRows(items: FeedbackView[]) {
  const body = $('#feedback tbody');
  if (items.length === 0) {
    const row = el('tr');
    const cell = el('td', 'empty', 'No feedback in this range yet.');
    cell.colSpan = 7;
    row.append(cell);
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(
    ...items.map((f) => {
      const row = el('tr');
      const score = f.metric.type === 'none' ? dash : `${f.metric.type.toUpperCase()} ${f.metric.score}`;
      const decision = el('td', 'decision');
      decision.append(el('span', `chip action-${f.decision.action}`, f.decision.action === 'none' ? 'no email' : f.decision.action), el('span', 'reason', f.decision.reason));
      if (f.decision.escalation) decision.append(el('span', 'chip escalated', 'escalated'));
      row.append(
        el('td', 'when', time(f.receivedAt)),
        el('td', f.customer.name || f.customer.email ? 'who' : 'who anonymous', f.customer.name ?? f.customer.email ?? 'anonymous'),
        source(f),
        el('td', `score ${scoreClass(f.metric)}`, score),
        el('td', '', f.sentiment ? '' : dash),
        el('td', 'comment', f.text ?? dash),
        decision,
      );
      if (f.sentiment) row.children[4]!.append(el('span', `chip sentiment-${f.sentiment.label.toLowerCase()}`, f.sentiment.label.toLowerCase()));
      return row;
    }),
  );
}

/** The vendor it came from (Typeform, Zendesk…), with the channel beneath. */
function source(f: FeedbackView) {
  const cell = el('td', 'source', SOURCE_LABELS[f.source] ?? f.source);
  cell.dataset.source = f.source;
  cell.append(el('span', 'sub', CHANNEL_LABELS[f.channel] ?? f.channel));
  return cell;
}

function scoreClass(metric: FeedbackView['metric']): string {
  if (metric.type === 'none') return '';
  const [good, bad] = metric.type === 'nps' ? [9, 6] : metric.type === 'csat' ? [4, 2] : [6, 3];
  return metric.score >= good ? 'good' : metric.score <= bad ? 'bad' : 'meh';
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  // textContent, never innerHTML: comments are customer text.
  if (text !== undefined) node.textContent = text;
  return node;
}

void load(readFilters());
