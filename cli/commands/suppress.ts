/**
 * `cx-loop suppress add|remove|list`: the suppression list notify checks before every email. Keys
 * are customer keys (a keyed hash of the address, with the stack's CustomerHashKey secret), so the
 * list never stores an address; `add` and
 * `remove` accept either an email or a key, `list` shows keys.
 */
import { customerKeyOf } from '#domain/outreach';
import { useBackend, type BackendOptions } from '../lib/backend';
import { CliError } from '../lib/errors';
import { maskEmail } from '#domain/mask';

const CUSTOMER_KEY = /^[ei]:[0-9a-f]{32}$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

interface Target {
  key: string;
  label: string;
}

function checked(value: string): string {
  if (CUSTOMER_KEY.test(value) || EMAIL.test(value)) return value;
  throw new CliError(`"${value}" is neither an email address nor a customer key (e:… / i:… as \`suppress list\` shows).`);
}

/** Addresses are keyed with the stack's own hash key, read once the backend is known. */
async function targetsOf(values: string[]): Promise<Target[]> {
  const { customerHashKey } = await import('#adapters/customer-hash-key');
  const hashKey = values.some((v) => EMAIL.test(v)) ? await customerHashKey() : '';
  return values.map((value) => {
    if (CUSTOMER_KEY.test(value)) return { key: value, label: value };
    const key = customerKeyOf({ email: value }, hashKey)!;
    return { key, label: `${maskEmail(value)} (${key})` };
  });
}

const ledger = async (options: BackendOptions) => {
  await useBackend(options);
  return import('#adapters/outreach-ledger');
};

export async function suppressAdd(values: string[], options: BackendOptions & { reason: string }): Promise<void> {
  values.forEach(checked);
  const { suppress } = await ledger(options);
  const targets = await targetsOf(values);
  for (const t of targets) {
    await suppress(t.key, options.reason, new Date());
    console.log(`suppressed ${t.label}: no email will be sent (reason: ${options.reason})`);
  }
}

export async function suppressRemove(values: string[], options: BackendOptions): Promise<void> {
  values.forEach(checked);
  const { unsuppress } = await ledger(options);
  const targets = await targetsOf(values);
  for (const t of targets) console.log((await unsuppress(t.key)) ? `unsuppressed ${t.label}` : `${t.label} was not suppressed`);
}

export async function suppressList(options: BackendOptions & { json?: boolean }): Promise<void> {
  const { listSuppressions } = await ledger(options);
  const list = await listSuppressions();
  if (options.json) {
    console.log(JSON.stringify(list));
    return;
  }
  if (list.length === 0) console.log('No suppressed customers.');
  for (const s of list) console.log(`${s.customerKey}  ${s.at}  ${s.reason}`);
}
