/**
 * `cx-loop sources check <source> <payload>`: how a saved delivery would be read with the field
 * mappings (`mappings` in cx-loop.config.json, or a candidate `--config`), before the vendor sends
 * anything. It runs the same source code the ingest Lambda runs (functions/domain/sources/registry.ts
 * built from the settings), minus the signature check — a saved body carries no live signature —
 * and sends, stores and writes nothing.
 *
 * Thin-payload vendors (SurveyMonkey, Qualtrics, HubSpot) notify that a response exists and the
 * ingest Lambda then reads it from their API. Given such a notification, the check says which
 * response it names and how to save that document; given the document, it reads it as the
 * Lambda would after fetching it.
 */
import { readFile } from 'node:fs/promises';
import { METRIC_SCALES, dedupeKey, type FeedbackDraft } from '#domain/feedback-event';
import { ProblemError } from '#domain/problem';
import { MAPPABLE_SOURCES, type SourceMappings } from '#domain/sources/mappings';
import { createSourceRegistry, sourceNamed } from '#domain/sources/registry';
import type { FetchItem, ThinPayloadSource, ThinVendor } from '#domain/sources/shared/thin-payload';
import type { DroppedField } from '#domain/validate';
import type { SourceResult, WebhookRequest } from '#domain/sources/webhook-source';
import { CliError } from '../lib/errors';
import { bundledSettings, candidateSettings } from '../lib/settings-file';

export interface SourcesCheckOptions {
  /** Candidate settings (a whole config or `{"mappings": …}`) instead of the bundled cx-loop.config.json. */
  config?: string;
  /** SurveyMonkey: the survey's definition (GET /v3/surveys/{id}/details), to resolve chosen choices. */
  survey?: string;
  json?: boolean;
}

export type SourcesCheck = {
  source: string;
  file: string;
  /** Where the mapping came from. */
  config: string;
  /** The mapping in effect for this source (absent: the vendor's defaults). */
  mapping?: unknown;
  /** False when the source is not in `sources`: the webhook route would answer 404. */
  enabled: boolean;
  signatureChecked: false;
  /** Mapped parts that read nothing from this payload, by config key. */
  unmatched: string[];
} & (
  | { kind: 'feedback'; drafts: FeedbackDraft[]; dropped: DroppedField[] }
  | { kind: 'ignored'; reason: string }
  | { kind: 'notification'; vendor: ThinVendor; items: FetchItem[] }
  | { kind: 'handshake'; status: number }
  | { kind: 'refused'; status: number; detail: string; fields: Array<{ path: string; message: string }> }
);

const SAVE_HINT: Record<ThinVendor, (item: FetchItem) => string> = {
  surveymonkey: (i) => `GET https://api.surveymonkey.com/v3/surveys/${i.surveyId}/responses/${i.responseId}/details (and, for choice answers, GET /v3/surveys/${i.surveyId}/details for --survey)`,
  qualtrics: (i) => `GET https://<datacenter>.qualtrics.com/API/v3/surveys/${i.surveyId}/responses/${i.responseId}`,
  hubspot: (i) => `GET https://api.hubapi.com/crm/v3/objects/feedback_submissions/${i.responseId}?properties=…`,
};

export async function sourcesCheck(source: string, file: string, options: SourcesCheckOptions = {}): Promise<SourcesCheck> {
  const settings = options.config ? await candidateSettings(options.config) : await bundledSettings();
  const registry = createSourceRegistry(settings.mappings);
  const reader = sourceNamed(registry, source);
  if (!reader) throw new CliError(`Unknown source "${source}". Known: ${[...registry.sources.keys(), ...registry.thin.keys()].join(', ')}.`);
  if (options.survey && source !== 'surveymonkey') throw new CliError('--survey is for surveymonkey response documents only.');
  const rawBody = await readFile(file);
  const mapping = (settings.mappings as Record<string, unknown>)[source];
  const base = {
    source,
    file,
    config: options.config ?? 'cx-loop.config.json',
    ...(mapping ? { mapping } : {}),
    enabled: settings.sources.includes(source),
    signatureChecked: false as const,
  };
  const now = new Date();
  const req: WebhookRequest = {
    method: 'POST',
    url: `https://cx-loop.invalid/webhooks/${source}`,
    headers: { 'content-type': /^\s*[[{]/.test(rawBody.toString('utf8', 0, 64)) ? 'application/json' : 'application/x-www-form-urlencoded' },
    query: {},
    rawBody,
  };

  let result: SourceResult | { kind: 'fetch'; vendor: ThinVendor; items: FetchItem[] };
  try {
    result = reader.parse(req, now);
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    if (!('complete' in reader)) return { ...base, ...refused(err), unmatched: [] };
    // Not a notification: perhaps the response document the Lambda would have fetched.
    const asDocument = await readDocument(reader, rawBody, options.survey, now);
    if ('refusedAs' in asDocument) {
      const both = refused(err);
      return {
        ...base,
        ...both,
        detail: `neither a ${source} webhook delivery (${err.message}) nor a ${source} response document (${asDocument.refusedAs.detail})`,
        fields: [...both.fields, ...asDocument.refusedAs.fields],
        unmatched: [],
      };
    }
    result = asDocument.result;
  }
  if (result.kind === 'fetch') return { ...base, kind: 'notification', vendor: result.vendor, items: result.items, unmatched: [] };
  if (result.kind === 'handshake') return { ...base, kind: 'handshake', status: result.reply.status, unmatched: [] };
  if (result.kind === 'ignored') return { ...base, kind: 'ignored', reason: result.reason, unmatched: unmatchedParts(source, settings.mappings, undefined) };
  return { ...base, kind: 'feedback', drafts: result.drafts, dropped: result.dropped ?? [], unmatched: unmatchedParts(source, settings.mappings, result.drafts[0]) };
}

/** A thin vendor's response document read as `complete` reads it after the fetch. */
async function readDocument(reader: ThinPayloadSource, rawBody: Buffer, surveyFile: string | undefined, now: Date): Promise<{ result: SourceResult } | { refusedAs: ReturnType<typeof refused> }> {
  let doc: unknown;
  try {
    doc = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { refusedAs: { kind: 'refused', status: 400, detail: 'not JSON', fields: [] } };
  }
  if (surveyFile) {
    let survey: unknown;
    try {
      survey = JSON.parse(await readFile(surveyFile, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
      throw new CliError(`${surveyFile} is not valid JSON: ${(err as Error).message}`);
    }
    doc = { response: doc, survey };
  }
  const d = doc as { id?: unknown; response?: { id?: unknown }; result?: { responseId?: unknown } } | null;
  // The dedupe key the Lambda would have known from the notification, taken from the document itself.
  const id = String(reader.vendor === 'surveymonkey' ? (d?.response?.id ?? d?.id) : reader.vendor === 'qualtrics' ? d?.result?.responseId : d?.id);
  const item: FetchItem = { sourceEventId: reader.vendor === 'hubspot' ? `submission-${id}` : id, responseId: id };
  try {
    return { result: reader.complete(doc, item, now) };
  } catch (err) {
    if (err instanceof ProblemError) return { refusedAs: refused(err) };
    throw err;
  }
}

function refused(err: ProblemError) {
  return { kind: 'refused' as const, status: err.status, detail: err.message, fields: (err.fields ?? []).map((f) => ({ path: f.path, message: f.message })) };
}

/** Mapped parts that gave nothing: the field is absent, unanswered, or (a score) outside its scale. */
function unmatchedParts(source: string, mappings: SourceMappings, draft: FeedbackDraft | undefined): string[] {
  if (!(MAPPABLE_SOURCES as string[]).includes(source)) return [];
  const mapping = (mappings[source as keyof SourceMappings] ?? {}) as Record<string, object | undefined>;
  const got: Record<string, boolean> = {
    score: Boolean(draft && draft.metric.type !== 'none'),
    comment: Boolean(draft?.text),
    email: Boolean(draft?.customer.email),
    name: Boolean(draft?.customer.name),
    locale: Boolean(draft?.customer.locale),
  };
  return Object.entries(mapping).flatMap(([part, where]) => {
    if (!where || got[part] !== false) return [];
    const locator = Object.entries(where).filter(([k]) => k !== 'metric').map(([k, v]) => `${k} "${String(v)}"`).join(', ');
    return [`mappings.${source}.${part}${locator ? ` (${locator})` : ''}`];
  });
}

/** One line of customer or vendor text for a terminal: no control characters (no escape sequences), bounded. */
function printable(value: unknown, max = 160): string {
  const text = String(value).replace(/[\u0000-\u001F\u007F-\u009F]+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function printSourcesCheck(r: SourcesCheck, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  const using = r.mapping
    ? `mappings.${r.source} from ${r.config}`
    : (MAPPABLE_SOURCES as string[]).includes(r.source)
      ? `the ${r.source} defaults (no mappings.${r.source} in ${r.config})`
      : `the fields the ${r.source} payload names itself (no mapping applies)`;
  console.log(`${r.source}: ${r.file}, read with ${using}.`);
  console.log('A saved body: the signature is not checked. Nothing was sent, stored or written.');
  if (!r.enabled) console.log(`Note: "${r.source}" is not in \`sources\` in ${r.config}: the webhook route answers 404 until it is.`);
  console.log();
  switch (r.kind) {
    case 'feedback':
      for (const draft of r.drafts) printDraft(draft, r.mapping !== undefined);
      for (const d of r.dropped) console.log(`Left out (invalid optional value): ${d.path} — ${printable(d.message)}`);
      break;
    case 'ignored':
      console.log(`Would be acknowledged and ignored: ${printable(r.reason)}.`);
      if (r.reason === 'no score and no text') console.log(`No score and no comment were found: name them in mappings.${r.source}.score and mappings.${r.source}.comment (docs/configuration.md).`);
      break;
    case 'notification':
      console.log(`A notification: ${r.source} sends no answers in its webhook, so the Lambda reads ${r.items.length === 1 ? 'this response' : 'these responses'} from the ${r.source} API:`);
      for (const item of r.items) console.log(`  ${printable(item.responseId)}${item.surveyId ? ` (survey ${printable(item.surveyId)})` : ''}: ${SAVE_HINT[r.vendor](item)}`);
      console.log(`To check the mapping, save that response document and run: npx cx-loop sources check ${r.source} <response.json>`);
      break;
    case 'handshake':
      console.log(`A subscription handshake: answered ${r.status}, no feedback.`);
      break;
    case 'refused':
      console.log(`Would be refused (${r.status}): ${printable(r.detail, 400)}`);
      for (const f of r.fields) console.log(`  - ${printable(f.path)}: ${printable(f.message)}`);
      break;
  }
  if (r.unmatched.length) console.log(`\nMapped but not found in this payload (absent, unanswered or outside the scale): ${r.unmatched.join('; ')}`);
}

function printDraft(d: FeedbackDraft, mapped: boolean): void {
  const scale = d.metric.type === 'none' ? undefined : METRIC_SCALES[d.metric.type];
  const rows: Array<[string, string]> = [
    ['response', `${printable(d.sourceEventId)}  (dedupe key ${printable(dedupeKey(d))})`],
    ['occurred', `${d.occurredAt}, channel ${d.channel}`],
    ['score', d.metric.type === 'none' ? `none${mapped || !(MAPPABLE_SOURCES as string[]).includes(d.source) ? '' : ` (no score field recognised: name one in mappings.${d.source}.score)`}` : `${d.metric.type} ${d.metric.score} (scale ${scale!.min}–${scale!.max})`],
    ['comment', d.text ? `"${printable(d.text)}"` : '—'],
    ['email', d.customer.email ? `${printable(d.customer.email)}${d.customer.emailVerified ? ' (the vendor\'s record: verified)' : ' (typed by the respondent: unverified)'}` : '— (no email: nothing can be sent)'],
    ['name', d.customer.name ? printable(d.customer.name) : '—'],
    ['locale', d.customer.locale ? printable(d.customer.locale) : '—'],
    ['customer id', d.customer.id ? printable(d.customer.id) : '—'],
    ['survey', d.sourceRef?.surveyId ? printable(d.sourceRef.surveyId) : '—'],
  ];
  if (d.language) rows.push(['language', printable(d.language)]);
  if (d.revision !== undefined) rows.push(['revision', String(d.revision)]);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(12)}${value}`);
}

/** Non-zero exit unless the payload reads as feedback: scripts can gate a mapping change on it. */
export const sourcesCheckExitCode = (r: SourcesCheck) => (r.kind === 'feedback' ? 0 : 1);
