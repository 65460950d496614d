/**
 * GET/POST /pulse — the re-survey's answer links. Event: API Gateway HTTP API payload v2.
 * GET (what a click, or a mail scanner, does) shows a page and records nothing; the page's button
 * POSTs the score, which becomes feedback of its own on the feedback queue (analyzed, counted and
 * linked like any other). A bad or expired token answers 400, feedback that no longer exists
 * (erased, expired) 410, and neither changes anything.
 */
import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { pulseAnswer, scaleOf, scoreOn, verifyPulseToken } from '#domain/experiments/pulse';
import { pulsePage, type PulsePage } from '#domain/experiments/pulse-page';
import { FeedbackEvent } from '#domain/feedback-event';
import { getFeedback } from '#adapters/feedback-store';
import { sendMessage } from '#adapters/queue';
import { unsubscribeKeys } from '#adapters/unsubscribe-keys';
import { logger } from '#powertools';
import { requireEnv } from '../env';
import { problemJson } from '../http/problem-json';
import { settings } from '../settings';

async function pulse(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const now = new Date();
  const post = event.requestContext.http.method === 'POST';
  const form = post ? formOf(event) : new URLSearchParams();
  const query = event.queryStringParameters ?? {};
  const token = form.get('token') ?? query.token ?? '';
  const check = verifyPulseToken(token, now, (await unsubscribeKeys()).all);
  if (!check.ok) {
    logger.info('pulse link refused', { reason: check.reason });
    return page(400, { kind: 'invalid-link' });
  }
  const { feedbackKey, metric } = check.link;
  const scores = scaleOf(metric);
  const score = scoreOn(metric, (post ? form.get('score') : query.score) ?? undefined);
  if (!post) return page(200, score === undefined ? { kind: 'choose', token, scores } : { kind: 'confirm', token, score, scores });
  if (score === undefined) return page(400, { kind: 'choose', token, scores });

  const original = await getFeedback(feedbackKey);
  if (!original) return page(410, { kind: 'closed' });
  const answer = FeedbackEvent.parse(pulseAnswer(original as unknown as FeedbackEvent & { pk: string }, metric, score, randomUUID(), now));
  await sendMessage(requireEnv('FEEDBACK_QUEUE_URL'), JSON.stringify(answer));
  logger.info('pulse answered', { feedbackKey, metric, score });
  return page(200, { kind: 'thanks' });
}

function formOf(event: APIGatewayProxyEventV2): URLSearchParams {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  return new URLSearchParams(raw.length <= 4096 ? raw : '');
}

const page = (statusCode: number, content: PulsePage): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    'referrer-policy': 'no-referrer',
  },
  body: pulsePage(content, settings.brand.companyName),
});

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(problemJson()).handler(pulse);
