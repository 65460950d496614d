/**
 * GDPR: GET /customers/{idOrEmail}/export returns everything held about a customer, under that
 * email or id and every identifier linked to it, as JSON (404 when nothing is held);
 * DELETE /customers/{idOrEmail} erases it and says whether anything was found
 * (adapters/customer-data.ts says what is replaced by tombstones, what is deleted, and why the
 * suppression hash stays). Counters and rollups hold no personal data and are
 * left as they are. Admin-only: in AWS the routes sit behind the IAM authorizer (`auth: 'iam'` in
 * lib/pipeline-spec.ts). Event: API Gateway HTTP API payload v2
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { customerKeyFor } from '#domain/customer-identity';
import { notFound } from '#domain/problem';
import { customerData, eraseCustomerData, holdsNothing } from '#adapters/customer-data';
import { customerHashKey } from '#adapters/customer-hash-key';
import { logger } from '#powertools';
import { json, problemJson } from '../http/problem-json';

async function privacy(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const hashKey = await customerHashKey();
  const data = await customerData(customerKeyFor(event.pathParameters?.idOrEmail ?? '', hashKey), hashKey);
  const { customerKeys, ...held } = data;
  const found = !holdsNothing(data);
  switch (event.routeKey) {
    case 'GET /customers/{idOrEmail}/export':
      if (!found) throw notFound('Nothing is held about this customer under this email or id, nor under any identifier linked to it.');
      logger.info('customer data exported', { customerKeys, feedback: held.feedback.length, outreach: held.outreach.length });
      return noStore(json(200, { customerKeys, exportedAt: new Date().toISOString(), ...held }));
    case 'DELETE /customers/{idOrEmail}': {
      // Erases even when nothing is stored yet: the markers drop copies still in a queue, a DLQ or a schedule.
      const erased = await eraseCustomerData(data, new Date());
      logger.info('customer data erased', { customerKeys, found, ...erased });
      return noStore(json(200, {
        customerKeys,
        found,
        erased,
        ...(found ? {} : { detail: 'Nothing was held under this email or id; anything of theirs still in flight will be dropped.' }),
      }));
    }
    default:
      throw notFound(`No route ${event.routeKey}`);
  }
}

const noStore = (res: APIGatewayProxyResultV2): APIGatewayProxyResultV2 =>
  typeof res === 'string' ? res : { ...res, headers: { ...res.headers, 'cache-control': 'no-store' } };

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(problemJson()).handler(privacy);
