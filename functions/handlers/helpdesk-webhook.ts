/**
 * POST /helpdesk/{vendor}: Zendesk and Jira tell us a ticket's status changed; a solved ticket
 * resolves its case, an agent's reply (pending) records the first contact. Public route: the
 * signature (functions/domain/cases/helpdesk-webhooks.ts) is the authentication.
 * Event: API Gateway HTTP API payload v2. Answers 200 for anything verified (unknown tickets and
 * statuses included, so the vendor does not retry them), 401 for a bad signature, 400 for a bad body.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { applyChanges, CaseConflict } from '#domain/cases/case';
import { HELPDESKS, parseJira, parseZendesk, verifyJira, verifyZendesk, type Helpdesk } from '#domain/cases/helpdesk-webhooks';
import { notFound } from '#domain/problem';
import { caseIdForTicket, changeCase } from '#adapters/cases-store';
import { connectorCredentials } from '#adapters/connectors/credentials';
import { logger, metrics } from '#powertools';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { json, problemJson } from '../http/problem-json';
import { toWebhookRequest } from '../http/webhook-request';
import { countCaseEvents } from './case-metrics';

const MAX_BYTES = 256 * 1024;

async function helpdeskWebhook(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  const vendor = event.pathParameters?.vendor as Helpdesk;
  metrics.addMetric('HelpdeskWebhooks', MetricUnit.Count, 1);
  if (!HELPDESKS.includes(vendor)) throw notFound(`No helpdesk "${event.pathParameters?.vendor ?? ''}"`);
  const req = toWebhookRequest(event, { maxBytes: MAX_BYTES });
  const now = new Date();
  const creds = await connectorCredentials();
  const secret = creds[vendor]?.webhookSecret;
  const secrets = secret ? [secret] : [];
  if (vendor === 'zendesk') verifyZendesk(req, secrets, now);
  else verifyJira(req, secrets);

  const update = vendor === 'zendesk' ? parseZendesk(req) : parseJira(req);
  if (!update?.to) return json(200, { ignored: 'no status that moves a case' });
  const caseId = update.caseId ?? (await caseIdForTicket(vendor, update.ticketId));
  if (!caseId) return json(200, { ignored: `ticket ${update.ticketId} belongs to no case` });

  const to = update.to;
  try {
    const out = await changeCase(caseId, (c) => applyChanges(c, [{ kind: 'status', to }], `helpdesk:${vendor}`, now));
    if (!out) return json(200, { ignored: `case ${caseId} no longer exists` });
    countCaseEvents(out.applied?.events ?? [], out.case);
    logger.info('case moved by helpdesk', { caseId, vendor, ticketId: update.ticketId, status: out.case.status });
    return json(200, { caseId, status: out.case.status });
  } catch (err) {
    // A dismissed case whose ticket is solved later stays dismissed: not the vendor's problem to retry.
    if (err instanceof CaseConflict) return json(200, { ignored: err.message, caseId });
    throw err;
  }
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(logMetrics(metrics)).use(problemJson()).handler(helpdeskWebhook);
