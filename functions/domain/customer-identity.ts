/**
 * Who a privacy request is about. The path names a customer by email or by id; feedback is keyed by
 * the email when it had one, else by the id (outreach.ts `customerKeyOf`), so one person can sit
 * under two keys. `linkedKeys` follows one hop: the ids seen on their email-keyed feedback and the
 * emails seen on their id-keyed feedback. So a request by email reaches both; one by id reaches
 * email-keyed feedback only through an id-keyed record that also names the email.
 */
import { z } from 'zod';
import { Customer } from './feedback-event';
import { customerKeyOf } from './outreach';
import { badRequest } from './problem';

const CustomerId = Customer.shape.id.unwrap().regex(/^[^\u0000-\u001F\u007F]+$/, 'no control characters');

export function customerKeyFor(idOrEmail: string): string {
  const email = z.email().max(254).safeParse(idOrEmail);
  if (email.success) return customerKeyOf({ email: email.data })!;
  const id = CustomerId.safeParse(idOrEmail);
  if (!id.success || idOrEmail.includes('@')) throw badRequest('Expected a customer email address or customer id');
  return customerKeyOf({ id: id.data })!;
}

export function linkedKeys(records: ReadonlyArray<{ customer?: unknown }>): Set<string> {
  const keys = new Set<string>();
  for (const record of records) {
    const customer = Customer.safeParse(record.customer);
    if (!customer.success) continue;
    const { email, id } = customer.data;
    if (email) keys.add(customerKeyOf({ email })!);
    if (id) keys.add(customerKeyOf({ id })!);
  }
  return keys;
}
