/** Customers as a terminal may show them: enough to recognise, never the whole address. */
import type { Customer } from '#domain/feedback-event';
import { maskEmail } from '#domain/mask';

/** The masked email, else the start of the customer key, else a dash. */
export function maskedCustomer(customer: Pick<Customer, 'email'> | undefined, customerKey?: string): string {
  if (customer?.email) return maskEmail(customer.email);
  return customerKey ? `${customerKey.slice(0, 10)}…` : '—';
}
