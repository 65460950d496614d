/**
 * Customer keys are keyed hashes: someone who sees one (an unsubscribe link, a log line, an
 * escalation alert) and guesses the address cannot confirm the guess without the secret key.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { customerKeyFor, linkedKeys } from '../../functions/domain/customer-identity';
import { customerKeyOf, customerKeysOf } from '../../functions/domain/outreach';
import { signUnsubscribeToken } from '../../functions/domain/unsubscribe-token';

const KEY = 'k'.repeat(48);
const guess = 'ana@example.com';

describe('customer keys', () => {
  it('do not confirm a guessed address to someone without the key', () => {
    const key = customerKeyOf({ email: guess }, KEY)!;
    // What the link carries, and what an attacker can compute from a guess.
    const token = signUnsubscribeToken(key, new Date('2030-01-01T00:00:00Z'), 'unsubscribe-key');
    expect(Buffer.from(token.split('.')[1]!, 'base64url').toString()).toBe(key);
    const unkeyed = `e:${createHash('sha256').update(guess).digest('hex').slice(0, 32)}`;
    expect(key).not.toBe(unkeyed);
    expect(key).not.toBe(customerKeyOf({ email: guess }, 'another-key'));
  });

  it('are stable for one key: the normalized address, or the id', () => {
    expect(customerKeyOf({ email: ' Ana@Example.com ' }, KEY)).toBe(customerKeyOf({ email: guess }, KEY));
    expect(customerKeyOf({ email: guess }, KEY)).toMatch(/^e:[0-9a-f]{32}$/);
    expect(customerKeyOf({ id: '+34600000000' }, KEY)).toMatch(/^i:[0-9a-f]{32}$/);
    expect(customerKeysOf({ email: guess, id: 'cus_1' }, KEY)).toEqual([customerKeyOf({ email: guess }, KEY), customerKeyOf({ id: 'cus_1' }, KEY)]);
  });

  it('link a privacy request to every identifier a record names', () => {
    expect(customerKeyFor('cus_1', KEY)).toBe(customerKeyOf({ id: 'cus_1' }, KEY));
    expect([...linkedKeys([{ customer: { email: guess, id: 'cus_1' } }, { customer: { id: '+34600000000' } }], KEY)]).toEqual([
      customerKeyOf({ email: guess }, KEY), customerKeyOf({ id: 'cus_1' }, KEY), customerKeyOf({ id: '+34600000000' }, KEY),
    ]);
  });
});
