/**
 * The hourly outreach ceiling: one atomic counter per UTC hour (`RATE#<hour>` / `RATE`), aged out by
 * TTL. Notify takes the slots for a whole batch in one update; only when the hour cannot fit the
 * batch does it take them one by one, so the last slots of an hour still go out. And the per-domain
 * ceiling for typed addresses, one counter per hour and hashed domain.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { hourBucket } from '#domain/guards';
import { requireEnv } from '../env';

/** True when `count` slots were taken in this hour's budget; false (nothing taken) when they do not fit. */
export async function takeSendSlots(now: Date, maxPerHour: number, count = 1): Promise<boolean> {
  if (count <= 0) return true;
  if (count > maxPerHour) return false;
  try {
    await documents.send(
      new UpdateCommand({
        TableName: requireEnv('OUTREACH_TABLE'),
        Key: { pk: `RATE#${hourBucket(now)}`, sk: 'RATE' },
        UpdateExpression: 'ADD sent :n SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(sent) OR sent <= :room',
        ExpressionAttributeValues: { ':n': count, ':room': maxPerHour - count, ':expires': Math.floor(now.getTime() / 1000) + 2 * 86_400 },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/**
 * True when a slot was taken in this hour's budget for `domain`; false when the domain's hour is full.
 * One conditional write, only for unverified addresses (verified ones never call it). Taken before
 * the global slot, so a flood aimed at one domain is turned away without spending the global budget;
 * when the global ceiling then defers the email, this slot stays counted (the domain is under-served
 * by at most that many emails this hour, never over). The domain is stored hashed: the item names no
 * one's company, and ages out with the hour.
 */
export async function takeDomainSlot(now: Date, domain: string, maxPerHour: number): Promise<boolean> {
  const hashed = createHash('sha256').update(domain).digest('hex').slice(0, 24);
  try {
    await documents.send(
      new UpdateCommand({
        TableName: requireEnv('OUTREACH_TABLE'),
        Key: { pk: `RATE#${hourBucket(now)}#D#${hashed}`, sk: 'RATE' },
        UpdateExpression: 'ADD sent :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(sent) OR sent < :max',
        ExpressionAttributeValues: { ':one': 1, ':max': maxPerHour, ':expires': Math.floor(now.getTime() / 1000) + 2 * 86_400 },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** How many of `wanted` slots this hour still gives: all at once when they fit, else one at a time. */
export async function takeSendSlotsUpTo(now: Date, maxPerHour: number, wanted: number): Promise<number> {
  if (wanted === 0 || (await takeSendSlots(now, maxPerHour, wanted))) return wanted;
  let taken = 0;
  while (taken < wanted && (await takeSendSlots(now, maxPerHour, 1))) taken++;
  return taken;
}

/** One slot (kept for callers sending a single email). */
export const takeSendSlot = (now: Date, maxPerHour: number) => takeSendSlots(now, maxPerHour, 1);
