/**
 * The cases API: GET /cases (filter by status, owner, priority; newest first; cursor), GET
 * /cases/summary (open cases by age and owner, past due), GET /cases/{id} (with its chat and
 * ticket deliveries), PATCH /cases/{id} (status, owner, note; 409 when the case changed since the
 * version named, or the state machine forbids the move). IAM-signed in AWS (`auth: 'iam'` in
 * lib/pipeline-spec.ts), open on localhost. Event: API Gateway HTTP API payload v2.
 */
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { CasePatch, CasesQuery, encodeCasesCursor } from '#domain/cases/api-queries';
import { applyChanges, CASE_ID, CaseConflict, type CaseChange, type CaseRecord } from '#domain/cases/case';
import { summarizeOpen } from '#domain/cases/metrics';
import type { Person } from '#domain/cases/settings';
import { badRequest, notFound, ProblemError } from '#domain/problem';
import { parseJsonBody, parseOrProblem } from '#domain/validate';
import { deliveriesOf, getCase, listCases, openCases, saveChange } from '#adapters/cases-store';
import { logger, metrics } from '#powertools';
import { json, problemJson } from '../http/problem-json';
import { settings } from '../settings';
import { countCaseEvents } from './case-metrics';

const conflict = (detail: string) => new ProblemError(409, 'Conflict', detail);

async function casesApi(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  metrics.addMetric(`Cases_${event.requestContext.http.method}`, MetricUnit.Count, 1);
  switch (event.routeKey) {
    case 'GET /cases': {
      const q = parseOrProblem(CasesQuery, event.queryStringParameters ?? {}, 'Cases query');
      const page = await listCases({ ...q, ...(q.cursor ? { cursor: q.cursor } : {}) });
      return noStore(json(200, { items: page.items.map(view), ...(page.cursor ? { cursor: encodeCasesCursor(page.cursor) } : {}) }));
    }
    case 'GET /cases/summary':
      return noStore(json(200, summarizeOpen(await openCases(), new Date())));
    case 'GET /cases/{id}': {
      const c = await caseOr404(event.pathParameters?.id);
      return noStore(json(200, { ...c, deliveries: await deliveriesOf(c.id) }));
    }
    case 'PATCH /cases/{id}':
      return noStore(json(200, await patch(event)));
    default:
      throw notFound(`No route ${event.routeKey}`);
  }
}

async function patch(event: APIGatewayProxyEventV2): Promise<CaseRecord> {
  const body = parseOrProblem(CasePatch, parseJsonBody(Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8')), 'Case update');
  const current = await caseOr404(event.pathParameters?.id);
  if (body.version !== undefined && body.version !== current.version) {
    throw conflict(`case ${current.id} is at version ${current.version}, not ${body.version}: reload it and apply your change again`);
  }
  const changes: CaseChange[] = [];
  if (body.owner) changes.push({ kind: 'assign', owner: personOf(body.owner) });
  if (body.note) changes.push({ kind: 'note', text: body.note });
  if (body.status) changes.push({ kind: 'status', to: body.status });
  try {
    const applied = applyChanges(current, changes, actorOf(event, body.by), new Date());
    const saved = await saveChange(current, applied);
    countCaseEvents(applied.events, saved);
    logger.info('case updated', { caseId: saved.id, status: saved.status, version: saved.version });
    return saved;
  } catch (err) {
    if (err instanceof CaseConflict) throw conflict(err.message);
    throw err;
  }
}

async function caseOr404(id: string | undefined): Promise<CaseRecord> {
  if (!id || !CASE_ID.test(id)) throw notFound(`No case "${id ?? ''}"`);
  const c = await getCase(id);
  if (!c) throw notFound(`No case ${id}`);
  return c;
}

/** Owners come from the configured teams: a case is never assigned to someone no team knows. */
function personOf(email: string): Person {
  const wanted = email.toLowerCase();
  for (const team of Object.values(settings.cases.teams)) {
    const found = [...team.members, team.lead].find((p) => p.email.toLowerCase() === wanted);
    if (found) return found;
  }
  throw badRequest(`${email} is in no team (cx-loop.config.json cases.teams)`, [{ path: 'owner', message: 'not a team member or lead' }]);
}

/** The IAM caller in AWS (the authorizer's user ARN), the body's `by` locally. */
function actorOf(event: APIGatewayProxyEventV2, by: string | undefined): string {
  const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer?.iam?.userArn;
  return [by, iam].filter(Boolean).join(' via ') || 'api';
}

/** The list shows what a queue of cases needs; GET /cases/{id} has the rest. */
const view = (c: CaseRecord) => ({
  id: c.id,
  feedbackId: c.feedbackKey,
  status: c.status,
  priority: c.priority,
  team: c.team,
  owner: c.owner.email,
  dueAt: c.dueAt,
  openedAt: c.openedAt,
  ...(c.contactedAt ? { contactedAt: c.contactedAt } : {}),
  ...(c.closedAt ? { closedAt: c.closedAt } : {}),
  ...(c.breachedAt ? { breachedAt: c.breachedAt } : {}),
  rule: c.rule,
  metric: c.metric,
  source: c.source,
  version: c.version,
});

const noStore = (res: APIGatewayProxyResultV2): APIGatewayProxyResultV2 =>
  typeof res === 'string' ? res : { ...res, headers: { ...res.headers, 'cache-control': 'no-store' } };

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(logMetrics(metrics)).use(problemJson()).handler(casesApi);
