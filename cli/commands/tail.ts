/**
 * `cx-loop tail`: decisions as they are made, read from the feedback table's byDay index. Stored
 * items appear after analysis, not in the order they were received, so each poll re-reads a window
 * of recent receipts and prints only what it has not printed before.
 */
import type { Decision } from '#domain/decide';
import type { FeedbackRecord } from '#domain/feedback-record';
import { useBackend, type BackendOptions } from '../lib/backend';
import { maskedCustomer } from '../lib/mask';

export interface TailOptions extends BackendOptions {
  /** Most recent decisions shown before following. */
  lines: number;
  follow: boolean;
  intervalMs: number;
  json?: boolean;
}

/** How late an item may land after it was received (analysis, retries) and still be printed. */
const WINDOW_MS = 5 * 60_000;

export async function tail(options: TailOptions, signal?: AbortSignal): Promise<void> {
  await useBackend(options);
  const { listFeedbackByDay, listFeedbackSince } = await import('#adapters/feedback-store');
  const seen = new Map<string, string>();
  const print = (items: FeedbackRecord[]) => {
    for (const item of items.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))) {
      if (seen.has(item.pk)) continue;
      seen.set(item.pk, item.receivedAt);
      console.log(options.json ? JSON.stringify(summaryOf(item)) : lineOf(item));
    }
  };

  const today = new Date().toISOString().slice(0, 10);
  print(((await listFeedbackByDay(today, Math.max(1, options.lines))) as unknown as FeedbackRecord[]).slice(0, options.lines));
  // Deliveries answered `202 ignored` (no score, no text) store nothing to print; their per-source
  // counter is shown so a broken field mapping does not look like silence.
  const todayIgnored = Object.entries(await ignoredToday(today));
  if (todayIgnored.length) console.log(ignoredLine(todayIgnored, options.json, 'today'));
  /** Last seen count per `day|source`, so following prints only what grew. */
  const ignored = new Map<string, number>(todayIgnored.map(([source, n]) => [`${today}|${source}`, n]));
  if (!options.follow) return;

  // Items stored before we started are in `seen` only if shown; remember the rest as seen too.
  let since = new Date(Date.now() - WINDOW_MS).toISOString();
  for (const item of (await listFeedbackSince(today, since)) as unknown as FeedbackRecord[]) seen.set(item.pk, item.receivedAt);
  console.error('— following new decisions (Ctrl-C to stop) —');

  while (!signal?.aborted) {
    await sleep(options.intervalMs, signal);
    if (signal?.aborted) break;
    const now = Date.now();
    since = new Date(now - WINDOW_MS).toISOString();
    const days = [...new Set([since.slice(0, 10), new Date(now).toISOString().slice(0, 10)])];
    for (const day of days) print((await listFeedbackSince(day, since)) as unknown as FeedbackRecord[]);
    for (const [pk, receivedAt] of seen) if (receivedAt < since) seen.delete(pk);
    const day = new Date(now).toISOString().slice(0, 10);
    const counts = await ignoredToday(day);
    const grown = Object.entries(counts).flatMap(([source, n]): Array<[string, number]> => {
      const before = ignored.get(`${day}|${source}`) ?? 0;
      ignored.set(`${day}|${source}`, n);
      return n > before ? [[source, n - before]] : [];
    });
    if (grown.length) console.log(ignoredLine(grown, options.json, 'new'));
  }
}

/** Today's (UTC) `ignored` counter per enabled source. */
async function ignoredToday(day: string): Promise<Record<string, number>> {
  const { settings } = await import('../../functions/settings');
  const { counterRows } = await import('#adapters/metrics-store');
  const entries = await Promise.all(
    settings.sources.map(async (source) => {
      const rows = await counterRows('source', source, `${day}T00`, `${day}T23`);
      return [source, rows.reduce((sum, r) => sum + (r.counters.ignored ?? 0), 0)] as const;
    }),
  );
  return Object.fromEntries(entries.filter(([, n]) => n > 0));
}

function ignoredLine(counts: Array<[string, number]>, json: boolean | undefined, when: 'today' | 'new'): string {
  if (json) return JSON.stringify({ ignored: Object.fromEntries(counts), when });
  const list = counts.map(([source, n]) => `${source} ${n}`).join(', ');
  return `— ${when === 'today' ? 'ignored today' : 'ignored'} (no score and no text; check the field mapping): ${list} —`;
}

function summaryOf(item: FeedbackRecord) {
  return {
    receivedAt: item.receivedAt,
    source: item.source,
    customer: maskedCustomer(item.customer, item.customerKey),
    metric: item.metric,
    sentiment: item.sentiment?.label,
    action: item.decision.action,
    reason: reasonOf(item.decision),
    ...(item.decision.escalation ? { escalation: item.decision.escalation.reason } : {}),
    ...(item.outreach === false ? { outreach: false } : {}),
  };
}

function lineOf(item: FeedbackRecord): string {
  const score = item.metric.type === 'none' ? '—' : `${item.metric.type.toUpperCase()} ${item.metric.score}`;
  const notes = [item.decision.escalation ? `escalated: ${item.decision.escalation.reason}` : '', item.outreach === false ? 'imported: no email' : ''].filter(Boolean);
  return [
    item.receivedAt.slice(0, 19).replace('T', ' '),
    item.source.padEnd(12),
    maskedCustomer(item.customer, item.customerKey).padEnd(24),
    score.padEnd(7),
    (item.sentiment?.label ?? '—').padEnd(8),
    item.decision.action.padEnd(9),
    reasonOf(item.decision) + (notes.length ? ` (${notes.join('; ')})` : ''),
  ].join('  ');
}

const reasonOf = (d: Decision) => `${d.rule}: ${d.reason}`;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
