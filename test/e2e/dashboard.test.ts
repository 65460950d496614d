/**
 * The dashboard in a real browser (headless Chromium through playwright-core): the local runtime
 * takes a few signed webhooks, the loop closes (emails sent), the rollup runs, and the page must
 * show the expected NPS, responses and charts. A screenshot lands in test/e2e/artifacts/.
 * Chromium comes from scripts/install-chromium.sh (Debian's package); without it this test skips.
 */
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayload } from '../../cli/lib/samples';
import { deliver, signedDelivery } from '../../cli/lib/webhook';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox } from '../../local/webhook-client';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`dashboard browser test skipped: ${CHROMIUM} not found (run: sudo bash scripts/install-chromium.sh)`);
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');

let runtime: LocalRuntime;
let browser: Browser;

const SAMPLES = [
  { score: 10, channel: 'survey', name: 'Ana', text: 'Fantastic service, the team was wonderful and delivery was fast!' },
  { score: 9, channel: 'survey', name: 'Bo', text: 'Great experience, thank you.' },
  { score: 10, channel: 'chat', name: 'Cleo', text: 'Super helpful agent, solved it in minutes. Love it.' },
  { score: 7, channel: 'chat', name: 'Dev' },
  { score: 3, channel: 'email', name: 'Eli', text: 'Terrible. My order arrived broken and nobody answered for a week.' },
  { score: 2, channel: 'survey', name: 'Fay', text: 'Awful support, I am very disappointed and angry.' },
] as const;

beforeAll(async () => {
  if (!hasChromium) return;
  runtime = await startLocalRuntime({ port: 0 });
  const secret = runtime.webhookSecrets.generic![0]!;
  const posted = await Promise.all([
    ...SAMPLES.map((s, i) =>
      postGeneric(runtime.apiUrl, secret, {
        sourceEventId: `dash-${i}`,
        customer: { email: `${s.name.toLowerCase()}@example.com`, name: s.name },
        channel: s.channel,
        metric: { type: 'nps', score: s.score },
        ...('text' in s ? { text: s.text, language: 'en' } : {}),
      }),
    ),
    postGeneric(runtime.apiUrl, secret, { sourceEventId: 'dash-csat', customer: { email: 'gus@example.com' }, channel: 'support_ticket', metric: { type: 'csat', score: 5 } }),
    postGeneric(runtime.apiUrl, secret, { sourceEventId: 'dash-ces', customer: { email: 'hal@example.com' }, channel: 'support_ticket', metric: { type: 'ces', score: 6 } }),
  ]);
  expect(posted.map((p) => p.status)).toEqual(posted.map(() => 202));
  // Promoters get thanks and detractors a recovery email: wait for the loop to close, then roll up.
  const deadline = Date.now() + 30_000;
  while ((await sesInbox(runtime.sesStoreUrl)).length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 500)); // notify counts its outcomes just after the batch's sends
  await runtime.invoke('rollup', {});
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe.skipIf(!hasChromium)('dashboard in headless Chromium', () => {
  it('renders the KPIs and charts with the pipeline’s numbers', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${runtime.apiUrl}/dashboard`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });

    // 3 promoters, 1 passive, 2 detractors → NPS (3 − 2) / 6 = 16.7
    await expect.poll(() => page.textContent('[data-testid="kpi-nps"] .value')).toBe('+17');
    expect(await page.textContent('[data-testid="kpi-responses"] .value')).toBe('8');
    expect(await page.textContent('[data-testid="kpi-csat"] .value')).toBe('100%');
    expect(await page.textContent('[data-testid="kpi-ces"] .value')).toBe('100%');
    // The cost ledger: what these responses and emails cost at list prices.
    expect(await page.textContent('[data-testid="kpi-cost"] .value')).toMatch(/^\$\d/);

    // Runs in the page: the dashboard exposes its Chart.js instances as window.cxCharts.
    const charts = (await page.evaluate(`Object.fromEntries([...window.cxCharts].map(([name, chart]) => [name, {
      labels: chart.data.labels,
      datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data })),
      width: chart.canvas.width,
      height: chart.canvas.height,
    }]))`)) as Record<string, { labels: string[]; datasets: Array<{ label: string; data: Array<number | null> }>; width: number; height: number }>;
    expect(Object.keys(charts).sort()).toEqual(['closeTime', 'funnel', 'npsTrend', 'satisfaction', 'sentimentByChannel']);
    for (const chart of Object.values(charts)) expect(chart.width * chart.height).toBeGreaterThan(0);
    const daily = charts.npsTrend!.datasets.find((d) => d.label === 'Daily NPS')!.data;
    const rolling = charts.npsTrend!.datasets.find((d) => d.label === '7-day rolling NPS')!.data;
    expect(daily.at(-1)).toBe(16.7);
    expect(rolling.at(-1)).toBe(16.7);
    const funnel = Object.fromEntries(charts.funnel!.labels.map((l, i) => [l, charts.funnel!.datasets[0]!.data[i]]));
    expect(funnel['Feedback received']).toBe(8);
    expect(funnel['Thank-you emails sent']).toBeGreaterThanOrEqual(3);
    expect(funnel['Recovery emails sent']).toBe(2);
    expect(charts.sentimentByChannel!.labels).toEqual(expect.arrayContaining(['Survey', 'Chat', 'Email']));
    expect(charts.closeTime!.datasets[0]!.data.at(-1)).toBeGreaterThan(0);

    // Sparse per-day percentages are points, not a smoothed line between them.
    const satisfactionStyle = (await page.evaluate(`window.cxCharts.get('satisfaction').data.datasets.map((d) => ({ showLine: d.showLine, tension: d.tension ?? 0, cubic: d.cubicInterpolationMode ?? null }))`)) as Array<{ showLine: boolean; tension: number; cubic: string | null }>;
    expect(satisfactionStyle).toEqual([{ showLine: false, tension: 0, cubic: null }, { showLine: false, tension: 0, cubic: null }]);

    const rows = await page.$$eval('#feedback tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toHaveLength(8);
    // Where each response came from: the source by name, the channel beneath.
    expect(await page.$$eval('#feedback tbody td.source', (tds) => tds.map((td) => td.dataset.source))).toEqual(Array(8).fill('generic'));
    expect(rows.join(' ')).toContain('Terrible. My order arrived broken');
    expect(rows.join(' ')).not.toMatch(/[a-z]{2,}@example\.com/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);

  it('filters by channel', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${runtime.apiUrl}/dashboard`);
    await page.waitForSelector('body[data-state="ready"]');
    await page.selectOption('select[name="channel"]', 'chat');
    // The page writes its filters to the URL and marks itself loading in the same step.
    await expect.poll(() => page.url()).toContain('channel=chat');
    await page.waitForSelector('body[data-state="ready"]');
    // chat: one promoter (10) and one passive (7) → NPS 50
    await expect.poll(() => page.textContent('[data-testid="kpi-nps"] .value')).toBe('+50');
    expect(await page.$$eval('#feedback tbody tr', (trs) => trs.length)).toBe(2);
  }, 90_000);

  it('shows today live (no wait for the rollup), pages the feedback and names the vendor', async () => {
    // Six more responses after the rollup ran: five through the API, one from Typeform.
    const secret = runtime.webhookSecrets.generic![0]!;
    for (let i = 0; i < 5; i++) {
      const res = await postGeneric(runtime.apiUrl, secret, { sourceEventId: `dash-late-${i}`, customer: { email: `late${i}@example.com` }, channel: 'review', metric: { type: 'nps', score: 8 } });
      expect(res.status).toBe(202);
    }
    const typeform = await deliver(signedDelivery(runtime.apiUrl, 'typeform', samplePayload('typeform', { id: 'dash-typeform', metric: 'nps', score: 8, text: 'Typed in Typeform', email: 'tf@example.com', now: new Date() }), runtime.webhookSecrets.typeform![0]!));
    expect(typeform.status, typeform.detail).toBe(202);
    const total = async () => ((await (await fetch(`${runtime.apiUrl}/feedback?limit=50`)).json()) as { items: unknown[] }).items.length;
    await expect.poll(total, { timeout: 30_000, interval: 250 }).toBe(14);

    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    await page.goto(`${runtime.apiUrl}/dashboard`);
    await page.waitForSelector('body[data-state="ready"]');
    // The tiles count today from the live counters, not from the rollup that ran before these six.
    expect(await page.textContent('[data-testid="kpi-responses"] .value')).toBe('14');
    expect(await page.textContent('#foot')).toContain('live from the counters');

    expect(await page.$$eval('#feedback tbody tr', (trs) => trs.length)).toBe(12);
    expect(await page.$$eval('#feedback tbody td.source', (tds) => tds.map((td) => td.textContent))).toContain('TypeformSurvey');
    expect(await page.isDisabled('#newer')).toBe(true);
    await page.click('#older');
    await page.waitForSelector('body[data-state="ready"]');
    await expect.poll(() => page.textContent('#page-info')).toBe('Page 2');
    expect(await page.$$eval('#feedback tbody tr', (trs) => trs.length)).toBe(2);
    expect(await page.isDisabled('#newer')).toBe(false);
    await page.click('#newer');
    await expect.poll(() => page.textContent('#page-info')).toBe('Page 1');
    expect(await page.$$eval('#feedback tbody tr', (trs) => trs.length)).toBe(12);
  }, 90_000);
});
