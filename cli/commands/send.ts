/** `cx-loop send`: one signed sample event, to see the whole loop work. */
import { randomUUID } from 'node:crypto';
import { CliError } from '../lib/errors';
import { samplePayload, THIN_SOURCES, type SampleInput } from '../lib/samples';
import { deliver, secretFor, signedDelivery } from '../lib/webhook';

/** What a sample is made of (cli/lib/samples.ts), plus where and how to deliver it. */
export interface SendOptions extends Omit<SampleInput, 'id' | 'now'> {
  endpoint: string;
  source: string;
  secret?: string;
  id?: string;
}

export async function send(options: SendOptions): Promise<void> {
  const thin = THIN_SOURCES.includes(options.source);
  if (!thin && options.metric !== 'none' && options.score === undefined) throw new CliError(`--score is required with --metric ${options.metric} (or use --metric none with --text).`);
  const id = options.id ?? randomUUID();
  const body = samplePayload(options.source, { ...options, id, now: new Date() });
  const result = await deliver(signedDelivery(options.endpoint, options.source, body, secretFor(options.source, options.secret)));
  if (!result.ok) throw new CliError(`${options.source} event rejected (${result.status}): ${result.detail}`);
  console.log(`accepted ${options.source} event ${id} (${result.status}${describeReply(result.detail)})`);
  if (thin) {
    console.log(`note: ${options.source} notifications name a response; ingest reads it from the vendor API (VENDOR_API_${options.source.toUpperCase()}_TOKEN / _BASE_URL locally).`);
  }
}

/** Ingest answers `{id}` (queued) or `{status: 'ignored', reason}`; vendors like Twilio get their own format. */
function describeReply(body: string): string {
  try {
    const reply = JSON.parse(body) as { id?: string; ids?: string[]; status?: string; reason?: string };
    if (reply.status === 'ignored') return `, ignored: ${reply.reason}`;
    const ids = reply.ids ?? (reply.id ? [reply.id] : []);
    return ids.length ? `, queued as ${ids.join(', ')}` : '';
  } catch {
    return '';
  }
}
