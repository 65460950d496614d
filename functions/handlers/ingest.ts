/**
 * POST /webhooks/{source} — verify, normalize, enqueue, acknowledge. HEAD answers 200 for a served source.
 * Event: API Gateway HTTP API payload v2 (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 * Nothing is enqueued unless every step before it succeeded; errors are problem+json.
 */
import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ignoredDeliveryDeltas } from '#domain/counters';
import { FeedbackEvent } from '#domain/feedback-event';
import { notFound, payloadTooLarge, unauthorized } from '#domain/problem';
import { createSourceRegistry, sourceNamed } from '#domain/sources/registry';
import type { ThinPayloadSource, ThinSourceResult } from '#domain/sources/shared/thin-payload';
import type { HttpReply, SourceResult, WebhookSource } from '#domain/sources/webhook-source';
import { parseOrProblem } from '#domain/validate';
import { addCounters } from '#adapters/metrics-store';
import { sendMessages } from '#adapters/queue';
import { VendorApiError } from '#adapters/vendor-api/index';
import { completeThinPayload } from '#adapters/vendor-responses';
import { webhookSecrets } from '#adapters/webhook-secrets';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { json, problemJson } from '../http/problem-json';
import { MAX_WEBHOOK_BYTES, toWebhookRequest } from '../http/webhook-request';
import { settings } from '../settings';

const enabled = new Set(settings.sources);
/** Each source reads its payload with the configured field mapping (cx-loop.config.json `mappings`). */
const registry = createSourceRegistry(settings.mappings);

/**
 * Most responses one delivery may ask us to read from a vendor API. HubSpot batches at most 100
 * events per request, so a genuine delivery always fits; more is refused before any API call.
 */
export const MAX_FETCH_ITEMS = 100;

async function ingest(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const name = event.pathParameters?.source ?? '';
  const source: WebhookSource | ThinPayloadSource | undefined = enabled.has(name) ? sourceNamed(registry, name) : undefined;
  if (!source) throw notFound(`Unknown webhook source "${name.slice(0, 32)}"`);
  // A vendor checking the URL before subscribing it (SurveyMonkey: "must accept a HEAD request and return a 200").
  if (event.requestContext.http.method === 'HEAD') return { statusCode: 200, body: '' };

  // The URL signatures cover comes from our own domain (or the configured public URL), never from
  // the caller's Host / X-Forwarded-* headers.
  const req = toWebhookRequest(event, { maxBytes: MAX_WEBHOOK_BYTES, publicBaseUrl: process.env.PUBLIC_API_URL || undefined });
  const handshake = source.handshake?.(req);
  if (handshake) return reply(handshake);

  const secrets = await webhookSecrets(source.name);
  if (secrets.length === 0) throw unauthorized(`No signing secret is configured for source "${source.name}"`);
  const now = new Date();
  source.verify(req, { secrets, now });

  const parsed: ThinSourceResult = source.parse(req, now);
  if (parsed.kind === 'fetch' && parsed.items.length > MAX_FETCH_ITEMS) {
    throw payloadTooLarge(`A delivery may name at most ${MAX_FETCH_ITEMS} responses; this one names ${parsed.items.length}`);
  }
  let results: SourceResult[];
  try {
    results = parsed.kind === 'fetch' ? await completeThinPayload(source as ThinPayloadSource, parsed, now) : [parsed];
  } catch (err) {
    if (err instanceof VendorApiError && (err.status === 429 || err.status === 503)) return vendorBusy(err);
    throw err;
  }
  const handshakeResult = results.find((r) => r.kind === 'handshake');
  if (handshakeResult) return reply(handshakeResult.reply);

  for (const r of results) {
    if (r.kind === 'feedback' && r.dropped?.length) {
      // Paths and reasons only: the values may be personal data.
      logger.warn('optional fields dropped', { source: source.name, dropped: r.dropped });
      metrics.addMetric('WebhookFieldsDropped', MetricUnit.Count, r.dropped.length);
    }
  }

  const drafts = results.flatMap((r) => (r.kind === 'feedback' ? r.drafts : []));
  if (drafts.length === 0) {
    const reasons = results.flatMap((r) => (r.kind === 'ignored' ? [r.reason] : []));
    logger.info('webhook ignored', { source: source.name, reasons });
    const empty = reasons.filter((reason) => reason === 'no score and no text').length;
    if (empty > 0) await countIgnored(source.name, now, empty);
    return source.successReply ? reply(source.successReply) : json(202, { status: 'ignored', reason: reasons.join('; ') });
  }

  const receivedAt = now.toISOString();
  const events = drafts.map((draft) => parseOrProblem(FeedbackEvent, { ...draft, id: randomUUID(), receivedAt }, 'Feedback event'));
  const failed = await sendMessages(
    requireEnv('FEEDBACK_QUEUE_URL'),
    events.map((e) => ({ id: e.id, body: JSON.stringify(e) })),
  );
  if (failed.size > 0) throw new Error(`Could not enqueue ${failed.size} of ${events.length} events`);
  logger.info('webhook accepted', { source: source.name, ids: events.map((e) => e.id) });
  metrics.addMetric('WebhookEventsAccepted', MetricUnit.Count, events.length);
  if (source.successReply) return reply(source.successReply);
  return events.length === 1 ? json(202, { id: events[0]!.id }) : json(202, { ids: events.map((e) => e.id) });
}

/**
 * Counted, not stored: the delivery is still acknowledged if the counter write fails, because
 * the vendor retrying an empty delivery would only count it again.
 */
async function countIgnored(source: string, now: Date, count: number): Promise<void> {
  metrics.addMetric('WebhookDeliveriesIgnored', MetricUnit.Count, count);
  try {
    await addCounters(ignoredDeliveryDeltas(source, now, count));
  } catch (err) {
    logger.warn('could not count an ignored delivery', { source, error: (err as Error).message });
  }
}

/** The vendor's API asked us to slow down: ask the webhook sender to come back later instead of failing. */
function vendorBusy(err: VendorApiError): APIGatewayProxyResultV2 {
  const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 30_000) / 1000));
  logger.warn('vendor API rate limited; asking the sender to retry', { vendor: err.vendor, status: err.status, retryAfterSeconds: seconds });
  return {
    statusCode: 503,
    headers: { 'content-type': 'application/problem+json', 'retry-after': String(seconds) },
    body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: `${err.vendor} API is rate limiting; retry after ${seconds} s` }),
  };
}

const reply = (r: HttpReply): APIGatewayProxyResultV2 => ({ statusCode: r.status, headers: r.headers, body: r.body ?? '' });

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(logMetrics(metrics)).use(problemJson()).handler(ingest);
