/**
 * Who a privacy request is about. The path names a customer by email or by id (a phone number is
 * the id for SMS sources); feedback is keyed by the email when it had one, else by the id
 * (outreach.ts `customerKeyOf`), and also carries its id's key (`customerIdKey`) when it had both.
 * So one person can sit under several keys: `linkedKeys` gives every key seen on their records, and
 * the adapter follows them until no new key appears (a request by id reaches email-keyed feedback
 * and the other way round).
 */
import { z } from 'zod';
import { Customer } from './feedback-event';
import { customerKeyOf, customerKeysOf } from './outreach';
import { badRequest } from './problem';

const CustomerId = Customer.shape.id.unwrap().regex(/^[^\u0000-\u001F\u007F]+$/, 'no control characters');

export function customerKeyFor(idOrEmail: string, hashKey: string): string {
  const email = z.email().max(254).safeParse(idOrEmail);
  if (email.success) return customerKeyOf({ email: email.data }, hashKey)!;
  const id = CustomerId.safeParse(idOrEmail);
  if (!id.success || idOrEmail.includes('@')) throw badRequest('Expected a customer email address or customer id');
  return customerKeyOf({ id: id.data }, hashKey)!;
}

/** Every key (email's and id's) of every customer named on these records. */
export function linkedKeys(records: ReadonlyArray<{ customer?: unknown }>, hashKey: string): Set<string> {
  const keys = new Set<string>();
  for (const record of records) {
    const customer = Customer.safeParse(record.customer);
    if (customer.success) for (const key of customerKeysOf(customer.data, hashKey)) keys.add(key);
  }
  return keys;
}

/** Id keys are also looked up in the `byCustomerId` index (feedback keyed by its email that named the id too). */
export const isIdKey = (customerKey: string) => customerKey.startsWith('i:');
