/** The read API, from the page's own origin (the API itself, or the signing `cx-loop dashboard` proxy). */
import type { FeedbackList, MetricsReport } from '../../handlers/read-model';

export type { FeedbackList, MetricsReport };
export type { FeedbackView } from '../../domain/feedback-view';
export type { Figures } from '../../domain/figures';

async function getJson<T>(path: string, params: Record<string, string | undefined>): Promise<T> {
  const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  const res = await fetch(`${path}?${qs}`, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string };
    throw new Error(problem.detail ?? `${path} answered ${res.status}`);
  }
  return (await res.json()) as T;
}

export interface Filters {
  from: string;
  to: string;
  channel: string;
}

export const metrics = (f: Filters, dimension = f.channel ? 'channel' : 'all', value = f.channel || undefined) =>
  getJson<MetricsReport>('metrics', { from: f.from, to: f.to, granularity: 'day', dimension, value });

/** One page of feedback, newest first; `cursor` is the previous page's `nextCursor`. */
export const feedback = (f: Filters, limit: number, cursor?: string) =>
  getJson<FeedbackList>('feedback', { from: f.from, to: f.to, channel: f.channel || undefined, limit: String(limit), cursor });
