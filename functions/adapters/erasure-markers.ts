/**
 * Erasure markers (`ERASED#<customerKey>` / `ERASED` in the Outreach table, domain/erasure.ts says
 * why): written by the privacy handler, read by analyze before storing and by notify before sending,
 * so nothing received before a customer's erasure brings them back.
 */
import { customerKeysOf } from '#domain/outreach';
import { ERASURE_MARKER_DAYS, erasedSince } from '#domain/erasure';
import type { Customer } from '#domain/feedback-event';
import { logger } from '#powertools';
import { requireEnv } from '../env';
import { getAll, writeAll } from './batch-items';

const markerKey = (customerKey: string) => ({ pk: `ERASED#${customerKey}`, sk: 'ERASED' });

export async function markErased(customerKeys: readonly string[], at: Date): Promise<void> {
  const expiresAt = Math.floor(at.getTime() / 1000) + ERASURE_MARKER_DAYS * 86_400;
  await writeAll(
    requireEnv('OUTREACH_TABLE'),
    customerKeys.map((k) => ({ PutRequest: { Item: { ...markerKey(k), erasedAt: at.toISOString(), expiresAt } } })),
  );
}

/** customerKey → when it was erased, for the keys that were. One BatchGet per 100 keys. */
export async function erasureMarkers(customerKeys: Iterable<string>): Promise<Map<string, string>> {
  const keys = [...new Set(customerKeys)];
  if (keys.length === 0) return new Map();
  const items = await getAll(requireEnv('OUTREACH_TABLE'), keys.map(markerKey));
  return new Map(items.map((i) => [String(i.pk).slice('ERASED#'.length), String(i.erasedAt)]));
}

/** Drops what was received before its customer's erasure (an in-flight, redriven or deferred copy). */
export async function withoutErased<T>(items: T[], of: (item: T) => { customer: Customer; receivedAt: string }, hashKey: string): Promise<T[]> {
  const keysOf = (item: T) => customerKeysOf(of(item).customer, hashKey);
  const markers = await erasureMarkers(items.flatMap(keysOf));
  if (markers.size === 0) return items;
  const kept = items.filter((item) => !erasedSince(markers, keysOf(item), of(item).receivedAt));
  if (kept.length < items.length) logger.info('messages for erased customers dropped', { dropped: items.length - kept.length });
  return kept;
}

/** For one message: was its customer erased after it was received? */
export async function isErasedSince(customer: Customer, receivedAt: string, hashKey: string): Promise<boolean> {
  return (await withoutErased([{ customer, receivedAt }], (m) => m, hashKey)).length === 0;
}
