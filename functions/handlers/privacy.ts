/**
 * GDPR: GET /customers/{idOrEmail}/export returns everything held about a customer as JSON;
 * DELETE /customers/{idOrEmail} erases it (adapters/customer-data.ts says what is deleted, what is
 * tombstoned and why the suppression hash stays). Counters and rollups hold no personal data and are
 * left as they are. Admin-only: in AWS the routes sit behind the IAM authorizer (`auth: 'iam'` in
 * lib/pipeline-spec.ts). Event: API Gateway HTTP API payload v2
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { customerKeyFor, linkedKeys } from '#domain/customer-identity';
import { notFound } from '#domain/problem';
import { customerData, eraseCustomerData, feedbackOf } from '#adapters/customer-data';
import { logger } from '#powertools';
import { json, problemJson } from '../http/problem-json';

async function privacy(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const customerKeys = await keysOf(customerKeyFor(event.pathParameters?.idOrEmail ?? ''));
  const data = await customerData(customerKeys);
  switch (event.routeKey) {
    case 'GET /customers/{idOrEmail}/export':
      logger.info('customer data exported', { customerKeys, feedback: data.feedback.length, outreach: data.outreach.length });
      return noStore(json(200, { customerKeys, exportedAt: new Date().toISOString(), ...data }));
    case 'DELETE /customers/{idOrEmail}': {
      const erased = await eraseCustomerData(data, new Date());
      logger.info('customer data erased', { customerKeys, ...erased });
      return noStore(json(200, { customerKeys, erased }));
    }
    default:
      throw notFound(`No route ${event.routeKey}`);
  }
}

/** The requested key plus the keys its feedback links to (the same person under their id or email). */
async function keysOf(primary: string): Promise<string[]> {
  const linked = linkedKeys(await feedbackOf(primary));
  return [primary, ...[...linked].filter((k) => k !== primary)];
}

const noStore = (res: APIGatewayProxyResultV2): APIGatewayProxyResultV2 =>
  typeof res === 'string' ? res : { ...res, headers: { ...res.headers, 'cache-control': 'no-store' } };

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(problemJson()).handler(privacy);
