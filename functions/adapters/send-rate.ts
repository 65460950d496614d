/**
 * The hourly outreach ceiling: one atomic counter per UTC hour (`RATE#<hour>` / `RATE`), aged out by
 * TTL. Notify takes the slots for a whole batch in one update; only when the hour cannot fit the
 * batch does it take them one by one, so the last slots of an hour still go out. And the per-domain
 * ceiling for typed addresses, one counter per hour and hashed domain, taken the same way: one
 * update per domain per batch.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { hourBucket } from '#domain/guards';
import { requireEnv } from '../env';

/** True when `count` slots were taken in this hour's budget; false (nothing taken) when they do not fit. */
export async function takeSendSlots(now: Date, maxPerHour: number, count = 1): Promise<boolean> {
  return takeSlots(now, `RATE#${hourBucket(now)}`, maxPerHour, count);
}

/** One conditional update adding `count` to an hourly counter item, only if they all fit under `max`. */
async function takeSlots(now: Date, pk: string, max: number, count: number): Promise<boolean> {
  if (count <= 0) return true;
  if (count > max) return false;
  try {
    await documents.send(
      new UpdateCommand({
        TableName: requireEnv('OUTREACH_TABLE'),
        Key: { pk, sk: 'RATE' },
        UpdateExpression: 'ADD sent :n SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(sent) OR sent <= :room',
        ExpressionAttributeValues: { ':n': count, ':room': max - count, ':expires': Math.floor(now.getTime() / 1000) + 2 * 86_400 },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** How many of `wanted` slots an hourly counter still gives: all at once when they fit, else one at a time. */
async function takeSlotsUpTo(now: Date, pk: string, max: number, wanted: number): Promise<number> {
  if (wanted === 0 || (await takeSlots(now, pk, max, wanted))) return wanted;
  let taken = 0;
  while (taken < wanted && (await takeSlots(now, pk, max, 1))) taken++;
  return taken;
}

const domainKey = (now: Date, domain: string) => `RATE#${hourBucket(now)}#D#${createHash('sha256').update(domain).digest('hex').slice(0, 24)}`;

/**
 * How many of `wanted` emails to `domain` this hour's per-domain budget still takes, for unverified
 * addresses (verified ones never call it): notify takes a batch's slots per domain in ONE update (a
 * batch of ten emails to gmail.com is one write, not ten), one by one only when the batch does not
 * fit, so the last slots of a domain's hour still go out. Taken before the global slots, so a flood
 * aimed at one domain is turned away without spending the global budget; when the global ceiling
 * then defers an email, its domain slot stays counted (the domain is under-served by at most that
 * many emails this hour, never over). A crash after the update costs the same: slots counted for
 * emails that did not go, never an email over the ceiling. The domain is stored hashed: the item
 * names no one's company, and ages out with the hour.
 */
export const takeDomainSlotsUpTo = (now: Date, domain: string, maxPerHour: number, wanted: number) => takeSlotsUpTo(now, domainKey(now, domain), maxPerHour, wanted);

/** True when a slot was taken in this hour's budget for `domain`; false when the domain's hour is full. */
export const takeDomainSlot = async (now: Date, domain: string, maxPerHour: number) => (await takeDomainSlotsUpTo(now, domain, maxPerHour, 1)) === 1;

/** How many of `wanted` slots this hour still gives: all at once when they fit, else one at a time. */
export const takeSendSlotsUpTo = (now: Date, maxPerHour: number, wanted: number) => takeSlotsUpTo(now, `RATE#${hourBucket(now)}`, maxPerHour, wanted);

/** One slot (kept for callers sending a single email). */
export const takeSendSlot = (now: Date, maxPerHour: number) => takeSendSlots(now, maxPerHour, 1);
