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
import { FeedbackEvent } from '#domain/feedback-event';
import { notFound, unauthorized } from '#domain/problem';
import { SOURCES, THIN_SOURCES } from '#domain/sources/registry';
import type { ThinPayloadSource, ThinSourceResult } from '#domain/sources/shared/thin-payload';
import type { HttpReply, SourceResult, WebhookSource } from '#domain/sources/webhook-source';
import { parseOrProblem } from '#domain/validate';
import { sendMessages } from '#adapters/queue';
import { completeThinPayload } from '#adapters/vendor-responses';
import { webhookSecrets } from '#adapters/webhook-secrets';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { json, problemJson } from '../http/problem-json';
import { MAX_WEBHOOK_BYTES, toWebhookRequest } from '../http/webhook-request';
import { settings } from '../settings';

const enabled = new Set(settings.sources);

async function ingest(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const name = event.pathParameters?.source ?? '';
  const source: WebhookSource | ThinPayloadSource | undefined = enabled.has(name) ? (SOURCES.get(name) ?? THIN_SOURCES.get(name)) : undefined;
  if (!source) throw notFound(`Unknown webhook source "${name.slice(0, 32)}"`);
  // A vendor checking the URL before subscribing it (SurveyMonkey: "must accept a HEAD request and return a 200").
  if (event.requestContext.http.method === 'HEAD') return { statusCode: 200, body: '' };

  const req = toWebhookRequest(event, MAX_WEBHOOK_BYTES);
  const handshake = source.handshake?.(req);
  if (handshake) return reply(handshake);

  const secrets = await webhookSecrets(source.name);
  if (secrets.length === 0) throw unauthorized(`No signing secret is configured for source "${source.name}"`);
  const now = new Date();
  source.verify(req, { secrets, now });

  const parsed: ThinSourceResult = source.parse(req, now);
  const results: SourceResult[] = parsed.kind === 'fetch' ? await completeThinPayload(source as ThinPayloadSource, parsed, now) : [parsed];
  const handshakeResult = results.find((r) => r.kind === 'handshake');
  if (handshakeResult) return reply(handshakeResult.reply);

  const drafts = results.flatMap((r) => (r.kind === 'feedback' ? r.drafts : []));
  if (drafts.length === 0) {
    const reasons = results.flatMap((r) => (r.kind === 'ignored' ? [r.reason] : []));
    logger.info('webhook ignored', { source: source.name, reasons });
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

const reply = (r: HttpReply): APIGatewayProxyResultV2 => ({ statusCode: r.status, headers: r.headers, body: r.body ?? '' });

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(logMetrics(metrics)).use(problemJson()).handler(ingest);
