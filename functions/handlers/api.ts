/**
 * The read API and the dashboard: GET /metrics, GET /feedback, GET /experiments/recovery, GET /dashboard.
 * Event: API Gateway HTTP API payload v2 (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 * In AWS the routes sit behind the IAM authorizer (lib/pipeline-spec.ts `auth: 'iam'`), so only
 * SigV4-signed callers reach this code; query strings are validated here (400 problem+json).
 */
import middy from '@middy/core';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { CHANNELS } from '#domain/feedback-event';
import { notFound } from '#domain/problem';
import { feedbackQuery, metricsQuery } from '#domain/read-queries';
import { dayIn, ROLLED_UP_DIMENSIONS } from '#domain/rollups';
import { parseOrProblem } from '#domain/validate';
import { logger, metrics } from '#powertools';
import { dashboardPage } from '../dashboard/page';
import { json, problemJson } from '../http/problem-json';
import { settings } from '../settings';
import { recoveryExperimentReport } from './experiment-report';
import { feedbackList, metricsReport } from './read-model';

async function api(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const query = event.queryStringParameters ?? {};
  const { timezone } = settings.metrics;
  metrics.addMetric(`Read_${event.routeKey.replace(/^GET \//, '')}`, MetricUnit.Count, 1);
  switch (event.routeKey) {
    case 'GET /metrics': {
      const q = parseOrProblem(metricsQuery(dayIn(timezone, new Date())), query, 'Metrics query');
      return noStore(json(200, await metricsReport(q, timezone, ROLLED_UP_DIMENSIONS.has(q.dimension))));
    }
    case 'GET /feedback': {
      const q = parseOrProblem(feedbackQuery(new Date().toISOString().slice(0, 10)), query, 'Feedback query');
      const list = await feedbackList(q);
      logger.info('feedback listed', { from: q.from, to: q.to, channel: q.channel, items: list.items.length });
      return noStore(json(200, list));
    }
    case 'GET /experiments/recovery':
      return noStore(json(200, await recoveryExperimentReport(settings, new Date())));
    case 'GET /dashboard':
      return dashboardPage({ title: settings.brand.companyName, channels: CHANNELS, timezone });
    default:
      throw notFound(`No route ${event.routeKey}`);
  }
}

/** Figures about customers: never cached by a browser or proxy. */
const noStore = (res: APIGatewayProxyResultV2): APIGatewayProxyResultV2 =>
  typeof res === 'string' ? res : { ...res, headers: { ...res.headers, 'cache-control': 'no-store' } };

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(logMetrics(metrics)).use(problemJson()).handler(api);
