/**
 * The cases table: cases, their connector delivery ledger, ticket pointers and round-robin turns.
 *
 * Exactly once, by construction:
 * - A case is put only if absent (its id comes from the feedback key), in one transaction with its
 *   `cases_opened` counters: a retry finds it and counts nothing.
 * - Every later change is a put conditioned on the version it was computed from, again in one
 *   transaction with the counters its lifecycle events add (contacted, resolved, breached…). A lost
 *   race is a CaseConflict (409 for the API; the queue handlers re-read and re-apply).
 * - Connector deliveries use the same claim → act → record protocol as outreach emails
 *   (adapters/outreach-ledger.ts explains the crash windows), one ledger item per case × connector × kind.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import { aggregate } from '#domain/counters';
import { CaseConflict, CaseRecord, caseIdOf, isClosed, type Applied, type CaseStatus } from '#domain/cases/case';
import { caseCounterItems, caseEventIncrements } from '#domain/cases/metrics';
import type { Person, Priority } from '#domain/cases/settings';
import { requireEnv } from '../env';
import { getAll } from './batch-items';
import { counterUpdate } from './counter-updates';
import { chunk } from './queue';

const table = () => requireEnv('CASES_TABLE');
const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' });
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function counterActions(c: CaseRecord, add: Record<string, number>): TransactItem[] {
  return counterActionsOf(caseCounterItems(c, add));
}

/** Counter updates for many contributions, summed per counter item. */
function counterActionsOf(items: ReturnType<typeof caseCounterItems>): TransactItem[] {
  const metricsTable = requireEnv('METRICS_TABLE');
  return aggregate(items).map((delta) => ({ Update: counterUpdate(metricsTable, delta) }));
}

const toItem = (c: CaseRecord) => ({ ...caseKey(c.id), kind: 'case', ...c });
const fromItem = (item: Record<string, unknown>): CaseRecord => {
  const { pk: _pk, sk: _sk, kind: _kind, ...rest } = item;
  return CaseRecord.parse(rest);
};

/** Turns a container takes at once from a team's counter. */
export const TURN_BLOCK = 10;
/** Turns taken and not yet handed out, per table and team (a container's own block). */
const turnBlocks = new Map<string, { next: number; last: number }>();

/**
 * The owner's next turn in a team (1, 2, 3…). Round-robin needs distinct turns, not a write per
 * case: a container takes a block of TURN_BLOCK turns in one atomic update (`ADD turn :block`) and
 * hands them out in order, so one container's cases go round the team in order, containers never
 * share a turn, and the team's counter is written once per ten cases instead of once per case. A
 * container that dies (or a case opened twice) skips the turns it held: owners stay balanced
 * within a block, as they did when a retried opening skipped its turn.
 */
export function nextTurn(team: string): Promise<number> {
  const at = `${table()}#${team}`;
  // One at a time per team, so concurrent openings share a block instead of each taking one.
  const turn = (turnQueues.get(at) ?? Promise.resolve()).then(() => takeTurn(at, team));
  turnQueues.set(at, turn.catch(() => undefined));
  return turn;
}
const turnQueues = new Map<string, Promise<unknown>>();

async function takeTurn(at: string, team: string): Promise<number> {
  const block = turnBlocks.get(at);
  if (block && block.next <= block.last) return block.next++;
  const out = await documents.send(
    new UpdateCommand({ TableName: table(), Key: { pk: `TEAM#${team}`, sk: 'RR' }, UpdateExpression: 'ADD turn :block', ExpressionAttributeValues: { ':block': TURN_BLOCK }, ReturnValues: 'UPDATED_NEW' }),
  );
  const last = Number(out.Attributes?.turn ?? TURN_BLOCK);
  turnBlocks.set(at, { next: last - TURN_BLOCK + 2, last });
  return last - TURN_BLOCK + 1;
}

/** Cases opened in one transaction: 25 cases and their counter items (at most three each) stay within its 100 items. */
const CASES_PER_TRANSACTION = 25;
export type Opened = { result: 'opened' | 'exists'; case: CaseRecord };

/**
 * Puts a batch's new cases with their `cases_opened` counters in ONE transaction (per 25 cases),
 * the counters summed over the batch: one write request per batch instead of one per case, with the
 * same exactly-once as a put per case. Each case is put only if absent; one that meets its condition
 * was opened by another attempt (the same alert in two batches at once) — it is answered from the
 * stored case ('exists', counted by that attempt) and the rest go again without it, under a new
 * request token (a different set of items is a different request). A conflict or throttle cancels
 * the whole transaction: retried with jitter a few times, then thrown — every case of the batch then
 * fails and comes back, and a retry after a lost answer finds the cases it made and counts nothing.
 */
export async function openNewCases(cases: readonly CaseRecord[]): Promise<Map<string, Opened>> {
  const answers = new Map<string, Opened>();
  for (const part of chunk([...cases], CASES_PER_TRANSACTION)) {
    let pending = part;
    let requestToken = randomUUID();
    for (let attempt = 1; pending.length > 0; attempt++) {
      try {
        await documents.send(
          new TransactWriteCommand({
            TransactItems: [
              ...pending.map((c) => ({ Put: { TableName: table(), Item: toItem(c), ConditionExpression: 'attribute_not_exists(pk)' } })),
              ...counterActionsOf(pending.map((c) => caseCounterItems(c, { cases_opened: 1 })).flat()),
            ],
            ClientRequestToken: requestToken,
          }),
        );
        for (const c of pending) answers.set(c.id, { result: 'opened', case: c });
        break;
      } catch (err) {
        const reasons = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : undefined;
        const refused = pending.filter((_, i) => reasons?.[i]?.Code === 'ConditionalCheckFailed');
        if (refused.length > 0) {
          const stored = await getCases(refused.map((c) => c.id));
          for (const c of refused) {
            const found = stored.get(c.id);
            if (!found) throw err;
            answers.set(c.id, { result: 'exists', case: found });
          }
          pending = pending.filter((c) => !refused.includes(c));
          requestToken = randomUUID();
          continue;
        }
        const retryable = reasons?.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
        if (attempt >= 5 || !retryable) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** attempt));
      }
    }
  }
  return answers;
}

/** One case: openNewCases of one. */
export async function openCase(c: CaseRecord): Promise<Opened> {
  return (await openNewCases([c])).get(c.id)!;
}

export async function getCase(id: string): Promise<CaseRecord | undefined> {
  const res = await documents.send(new GetCommand({ TableName: table(), Key: caseKey(id), ConsistentRead: true }));
  return res.Item ? fromItem(res.Item) : undefined;
}

/** Many cases in one request per hundred (strongly consistent, like getCase): a batch's cases by id, the absent ones missing. */
export async function getCases(ids: readonly string[]): Promise<Map<string, CaseRecord>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const items = await getAll(table(), unique.map(caseKey));
  return new Map(items.map((item) => fromItem(item)).map((c) => [c.id, c]));
}

/** Writes a change computed by applyChanges from `current`; CaseConflict when someone else changed the case first. */
export async function saveChange(current: CaseRecord, applied: Applied): Promise<CaseRecord> {
  if (applied.next === current) return current;
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: toItem(applied.next),
              ConditionExpression: '#v = :v',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':v': current.version },
            },
          },
          ...counterActions(applied.next, caseEventIncrements(applied.events)),
        ],
      }),
    );
    return applied.next;
  } catch (err) {
    if (err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
      throw new CaseConflict(`case ${current.id} changed since version ${current.version}`);
    }
    throw err;
  }
}

/**
 * Re-reads and re-applies on a lost race (a person editing while a webhook lands), a few times.
 * `change` returns undefined to leave the case as it is.
 */
export async function changeCase(id: string, change: (c: CaseRecord) => Applied | undefined): Promise<{ case: CaseRecord; applied?: Applied } | undefined> {
  for (let attempt = 0; ; attempt++) {
    const current = await getCase(id);
    if (!current) return undefined;
    const applied = change(current);
    if (!applied) return { case: current };
    try {
      return { case: await saveChange(current, applied), applied };
    } catch (err) {
      if (!(err instanceof CaseConflict) || attempt >= 4) throw err;
    }
  }
}

export interface CaseFilter {
  status?: CaseStatus;
  owner?: string;
  priority?: Priority;
  limit: number;
  cursor?: Record<string, unknown>;
}

/** Newest first through the byKind index; filters apply per page, so a page may hold fewer than `limit`. */
export async function listCases(f: CaseFilter): Promise<{ items: CaseRecord[]; cursor?: Record<string, unknown> }> {
  const names: Record<string, string> = { '#kind': 'kind' };
  const values: Record<string, unknown> = { ':case': 'case' };
  const filters: string[] = [];
  if (f.status) {
    names['#status'] = 'status';
    values[':status'] = f.status;
    filters.push('#status = :status');
  }
  if (f.owner) {
    names['#owner'] = 'owner';
    values[':owner'] = f.owner;
    filters.push('#owner.email = :owner');
  }
  if (f.priority) {
    names['#priority'] = 'priority';
    values[':priority'] = f.priority;
    filters.push('#priority = :priority');
  }
  const items: CaseRecord[] = [];
  let startKey = f.cursor;
  // A few index pages at most per request, so a sparse filter cannot run the Lambda out of time.
  for (let pages = 0; pages < 10 && items.length < f.limit; pages++) {
    const page = await documents.send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'byKind',
        KeyConditionExpression: '#kind = :case',
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: f.limit - items.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []).map(fromItem));
    startKey = page.LastEvaluatedKey;
    if (!startKey) break;
  }
  return { items, ...(startKey ? { cursor: startKey } : {}) };
}

/** Every open (or contacted) case, for the dashboard panel: bounded to the newest 1,000. */
export async function openCases(): Promise<CaseRecord[]> {
  const [open, contacted] = await Promise.all([listCases({ status: 'open', limit: 1_000 }), listCases({ status: 'contacted', limit: 1_000 })]);
  return [...open.items, ...contacted.items];
}

/** The deliveries and tickets recorded for a case (ledger items under its key). */
export async function deliveriesOf(id: string): Promise<Array<Record<string, unknown>>> {
  const res = await documents.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :out)',
      ExpressionAttributeValues: { ':pk': `CASE#${id}`, ':out': 'OUT#' },
      ConsistentRead: true,
    }),
  );
  return (res.Items ?? []).map(({ pk: _pk, customerKey: _c, kind: _k, openedAt: _o, claimToken: _t, ...rest }) => rest);
}

async function casesOfCustomer(customerKey: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customerKey = :c',
        ExpressionAttributeValues: { ':c': customerKey },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    out.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

/** A customer's cases that are still open or contacted (the recovery loop resolves them). */
export async function openCasesOfCustomer(customerKey: string): Promise<CaseRecord[]> {
  return (await casesOfCustomer(customerKey)).filter((i) => i.kind === 'case' && !isClosed(i.status as CaseStatus)).map(fromItem);
}

/**
 * GDPR erasure: every item the cases table holds about these customers — cases (their words,
 * address, notes), delivery ledger entries and ticket pointers — is deleted. Counters keep only
 * numbers. Tickets already created in Zendesk or Jira and chat messages already posted live in
 * those systems and are erased there (their ids are returned so the operator can).
 */
export async function eraseCasesOf(customerKeys: readonly string[]): Promise<{ cases: number; items: number; tickets: Array<{ helpdesk: string; id: string }> }> {
  const items = (await Promise.all(customerKeys.map(casesOfCustomer))).flat();
  const tickets = items.flatMap((i) => (typeof i.ticketId === 'string' && typeof i.helpdesk === 'string' ? [{ helpdesk: i.helpdesk, id: i.ticketId }] : []));
  for (const batch of chunk(items, 25)) {
    let requests = batch.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } }));
    for (let attempt = 0; requests.length && attempt < 5; attempt++) {
      const out = await documents.send(new BatchWriteCommand({ RequestItems: { [table()]: requests } }));
      requests = (out.UnprocessedItems?.[table()] ?? []) as typeof requests;
    }
    if (requests.length) throw new Error('case erasure incomplete: DynamoDB left items unprocessed');
  }
  return { cases: items.filter((i) => i.kind === 'case').length, items: items.length, tickets };
}

/**
 * The person following up on a feedback's case, if one is open or contacted — what the recovery
 * email may promise ("a person will follow up") only when this answers.
 */
export async function caseOwnerOf(feedbackKey: string): Promise<Person | undefined> {
  const c = await getCase(caseIdOf(feedbackKey));
  return c && !isClosed(c.status) ? c.owner : undefined;
}

// ——— Connector delivery ledger ———

/** `uncertain`: recorded as such by an earlier attempt (it may have landed); never sent again. */
export type DeliveryClaim = 'claimed' | 'done' | 'in-flight' | 'expired' | 'uncertain';
const deliveryKey = (caseId: string, step: string) => ({ pk: `CASE#${caseId}`, sk: `OUT#${step}` });
type CaseRef = Pick<CaseRecord, 'id' | 'customerKey' | 'openedAt'>;

export interface DeliveryRequest {
  case: CaseRef;
  /** `slack#opened`, `zendesk#opened`… */
  step: string;
  /** This attempt's random token: a claim whose answer was lost is recognised as ours. */
  token: string;
}

/**
 * Claims a batch's delivery steps in ONE transaction, one answer per request in order. Ledger items
 * carry the case's customer key and opening time so erasure finds them through the byCustomer index.
 * A step whose claim fails its condition gets its answer from the item it met (done, uncertain, in
 * flight, expired, or ours after a lost answer) and leaves the transaction; the rest are tried again without
 * it. An identical retry (same ClientRequestToken) is applied at most once. Requests must name
 * distinct steps. Throws when the claims cannot be written; some may then exist (a lost answer),
 * which the caller releases by token.
 */
export async function claimDeliveries(reqs: DeliveryRequest[], leaseMs: number, now: Date): Promise<DeliveryClaim[]> {
  const answers = new Map<DeliveryRequest, DeliveryClaim>();
  let pending = reqs;
  let requestToken = randomUUID();
  for (let attempt = 1; pending.length > 0; attempt++) {
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: pending.map(({ case: c, step, token }) => ({
            Put: {
              TableName: table(),
              Item: {
                ...deliveryKey(c.id, step),
                status: 'sending',
                claimToken: token,
                leaseUntil: now.getTime() + leaseMs,
                claimedAt: now.toISOString(),
                ...(c.customerKey ? { customerKey: c.customerKey, openedAt: c.openedAt } : {}),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          })),
          ClientRequestToken: requestToken,
        }),
      );
      for (const req of pending) answers.set(req, 'claimed');
      break;
    } catch (err) {
      const reasons = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : undefined;
      const refused = pending.filter((_, i) => reasons?.[i]?.Code === 'ConditionalCheckFailed');
      if (refused.length > 0) {
        await Promise.all(refused.map(async (req) => answers.set(req, await deliveryRefused(req, reasons![pending.indexOf(req)]!.Item, now))));
        pending = pending.filter((req) => !refused.includes(req));
        // A different set of items is a different request.
        requestToken = randomUUID();
        continue;
      }
      const retryable = !reasons || reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
      if (attempt >= 5 || !retryable) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** attempt));
    }
  }
  return reqs.map((req) => answers.get(req)!);
}

/** What an existing ledger item means for this attempt's claim. */
async function deliveryRefused(req: DeliveryRequest, held: Record<string, { S?: string; N?: string }> | undefined, now: Date): Promise<DeliveryClaim> {
  const existing = held?.status?.S
    ? { status: held.status.S, claimToken: held.claimToken?.S, leaseUntil: held.leaseUntil?.N }
    : (await documents.send(new GetCommand({ TableName: table(), Key: deliveryKey(req.case.id, req.step), ConsistentRead: true }))).Item;
  if (existing?.status === 'uncertain') return 'uncertain';
  if (!existing || existing.status !== 'sending') return 'done';
  if (existing.claimToken === req.token) return 'claimed';
  return Number(existing.leaseUntil) > now.getTime() ? 'in-flight' : 'expired';
}

/** Takes over a claim whose holder died (only for idempotent connectors, which look before they create). */
export async function reclaimDelivery(caseId: string, step: string, token: string, leaseMs: number, now: Date): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: table(),
        Key: deliveryKey(caseId, step),
        UpdateExpression: 'SET leaseUntil = :lease, claimToken = :token',
        ConditionExpression: '#s = :sending AND leaseUntil <= :now',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':lease': now.getTime() + leaseMs, ':token': token, ':sending': 'sending', ':now': now.getTime() },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

export interface DeliveryOutcome {
  caseId: string;
  step: string;
  status: 'sent' | 'uncertain';
  fields: Record<string, unknown>;
  /** A ticket made: its pointer (`TICKET#<helpdesk>#<id>`) lets a helpdesk webhook naming only the ticket find the case. */
  ticket?: { case: CaseRef; helpdesk: string; ticketId: string };
}

/**
 * Records a batch's delivery outcomes, with the pointers of the tickets made, in ONE transaction:
 * one request, and no window where a ticket is recorded sent but its webhooks cannot find their
 * case. Unconditional, so an identical retry (after a lost answer) writes the same again.
 */
export async function recordDeliveries(outcomes: DeliveryOutcome[]): Promise<void> {
  const items: TransactItem[] = outcomes.flatMap(({ caseId, step, status, fields, ticket }) => {
    const entries = Object.entries({ status, ...fields });
    const update: TransactItem = {
      Update: {
        TableName: table(),
        Key: deliveryKey(caseId, step),
        UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(', ')} REMOVE leaseUntil`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      },
    };
    return ticket ? [update, { Put: ticketPointer(ticket.case, ticket.helpdesk, ticket.ticketId) }] : [update];
  });
  for (const part of chunk(items, 100)) {
    if (part.length === 1) await documents.send(new UpdateCommand(part[0]!.Update!));
    else await documents.send(new TransactWriteCommand({ TransactItems: part, ClientRequestToken: randomUUID() }));
  }
}

const ticketPointer = (c: CaseRef, helpdesk: string, ticketId: string) => ({
  TableName: table(),
  Item: { pk: `TICKET#${helpdesk}#${ticketId}`, sk: 'TICKET', caseId: c.id, ...(c.customerKey ? { customerKey: c.customerKey, openedAt: c.openedAt } : {}) },
});

/** Only when we know nothing was sent: the retry may claim again (only our own claim, when a token is given). */
export async function releaseDelivery(caseId: string, step: string, token?: string): Promise<void> {
  try {
    await documents.send(
      new DeleteCommand({
        TableName: table(),
        Key: deliveryKey(caseId, step),
        ConditionExpression: token ? '#s = :sending AND claimToken = :token' : '#s = :sending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ...(token ? { ':token': token } : {}) },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

export async function caseIdForTicket(helpdesk: string, ticketId: string): Promise<string | undefined> {
  const res = await documents.send(new GetCommand({ TableName: table(), Key: { pk: `TICKET#${helpdesk}#${ticketId}`, sk: 'TICKET' } }));
  return typeof res.Item?.caseId === 'string' ? res.Item.caseId : undefined;
}
