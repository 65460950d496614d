/**
 * The cost ledger: what each stored event and each email used, in the units AWS bills, and what
 * that comes to at list prices. Usage is counted in units (Comprehend units, write units, requests,
 * GB-seconds), not dollars, so the counters stay exact and a price change re-prices history; the
 * figures turn units into dollars with the prices below.
 *
 * Two sides are counted apart: `analysis` (everything from the webhook to the stored record: API
 * Gateway, ingest and analyze invocations, SQS, the store transaction, Comprehend) on the feedback
 * record and its counters, and `outreach` (notify's share of SQS, DynamoDB and Lambda, and SES) on
 * the outreach outcome and the outreach counters, both counted exactly once with the rest of their
 * counters (functions/adapters/feedback-store.ts, functions/adapters/outreach-ledger.ts).
 */
import { z } from 'zod';
import type { CounterFields } from './counters';

/**
 * AWS list prices, us-east-1, on demand, past the free tiers, as published on the services' pricing
 * pages in November 2026:
 * https://aws.amazon.com/comprehend/pricing/ (sentiment, language, key phrases, PII: $0.0001 per
 * unit of 100 characters, 3 units minimum per document), https://aws.amazon.com/ses/pricing/
 * ($0.10 per 1,000 emails), https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.625 per million
 * write request units, $0.125 per million read request units), https://aws.amazon.com/sqs/pricing/
 * ($0.40 per million standard requests), https://aws.amazon.com/lambda/pricing/ ($0.20 per million
 * requests, $0.0000166667 per GB-second on x86), https://aws.amazon.com/api-gateway/pricing/
 * ($1.00 per million HTTP API requests).
 */
export const PRICES = {
  apiGatewayHttpPerMillionRequests: 1.0,
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000166667,
  sqsPerMillionRequests: 0.4,
  dynamodbPerMillionWriteUnits: 0.625,
  dynamodbPerMillionReadUnits: 0.125,
  comprehendPerUnit: 0.0001,
  sesPerThousandEmails: 0.1,
} as const;
export const PRICES_AS_OF = '2026-11';

/** Comprehend bills every document in units of 100 characters, with a 3-unit minimum. */
const COMPREHEND_CHARS_PER_UNIT = 100;
const COMPREHEND_MIN_UNITS = 3;

export const COMPREHEND_OPERATIONS = ['sentiment', 'language', 'keyPhrases', 'pii'] as const;
export type ComprehendOperation = (typeof COMPREHEND_OPERATIONS)[number];
export type ComprehendUsage = Partial<Record<ComprehendOperation, number>>;

/** The units one document of `text` costs for one Comprehend operation. */
export function comprehendUnitsOf(text: string): number {
  return Math.max(COMPREHEND_MIN_UNITS, Math.ceil([...text].length / COMPREHEND_CHARS_PER_UNIT));
}

export const Usage = z.object({
  comprehendUnits: z.object({ sentiment: z.number(), language: z.number(), keyPhrases: z.number(), pii: z.number() }).partial().optional(),
  apiRequests: z.number().optional(),
  lambdaRequests: z.number().optional(),
  lambdaGbSeconds: z.number().optional(),
  sqsRequests: z.number().optional(),
  dynamodbWriteUnits: z.number().optional(),
  emails: z.number().optional(),
});
export type Usage = z.infer<typeof Usage>;

/** What a record carries: its usage and the list price of it when it was stored. */
export interface Cost {
  usage: Usage;
  usd: number;
}

export function usdOf(u: Usage): number {
  const c = u.comprehendUnits ?? {};
  const comprehendUnits = COMPREHEND_OPERATIONS.reduce((sum, op) => sum + (c[op] ?? 0), 0);
  return round(
    ((u.apiRequests ?? 0) / 1e6) * PRICES.apiGatewayHttpPerMillionRequests +
      ((u.lambdaRequests ?? 0) / 1e6) * PRICES.lambdaPerMillionRequests +
      (u.lambdaGbSeconds ?? 0) * PRICES.lambdaPerGbSecond +
      ((u.sqsRequests ?? 0) / 1e6) * PRICES.sqsPerMillionRequests +
      ((u.dynamodbWriteUnits ?? 0) / 1e6) * PRICES.dynamodbPerMillionWriteUnits +
      comprehendUnits * PRICES.comprehendPerUnit +
      ((u.emails ?? 0) / 1000) * PRICES.sesPerThousandEmails,
  );
}

export const costOf = (usage: Usage): Cost => ({ usage, usd: usdOf(usage) });

/** Two usages added (a revision carries what every version of the response cost). */
export function addUsage(a: Usage | undefined, b: Usage): Usage {
  if (!a) return b;
  const sum = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : round((x ?? 0) + (y ?? 0)));
  const comprehendUnits = Object.fromEntries(
    COMPREHEND_OPERATIONS.flatMap((op) => {
      const n = sum(a.comprehendUnits?.[op], b.comprehendUnits?.[op]);
      return n === undefined ? [] : [[op, n]];
    }),
  );
  const out: Usage = Object.keys(comprehendUnits).length ? { comprehendUnits } : {};
  for (const key of ['apiRequests', 'lambdaRequests', 'lambdaGbSeconds', 'sqsRequests', 'dynamodbWriteUnits', 'emails'] as const) {
    const n = sum(a[key], b[key]);
    if (n !== undefined) out[key] = n;
  }
  return out;
}

export type CostSide = 'analysis' | 'outreach';

const FIELD: Record<Exclude<keyof Usage, 'comprehendUnits'>, string> = {
  apiRequests: 'api_requests',
  lambdaRequests: 'lambda_requests',
  lambdaGbSeconds: 'lambda_gb_s',
  sqsRequests: 'sqs_requests',
  dynamodbWriteUnits: 'ddb_write_units',
  emails: 'emails',
};
const COMPREHEND_FIELD: Record<ComprehendOperation, string> = { sentiment: 'sentiment', language: 'language', keyPhrases: 'keyphrases', pii: 'pii' };

/** Counter fields for a usage: `cost_<side>_<item>` (units), e.g. `cost_analysis_comprehend_language`. */
export function costCounterFields(side: CostSide, u: Usage): CounterFields {
  const add: CounterFields = {};
  for (const op of COMPREHEND_OPERATIONS) {
    const n = u.comprehendUnits?.[op];
    if (n) add[`cost_${side}_comprehend_${COMPREHEND_FIELD[op]}`] = n;
  }
  for (const [key, field] of Object.entries(FIELD) as Array<[keyof typeof FIELD, string]>) {
    const n = u[key];
    if (n) add[`cost_${side}_${field}`] = n;
  }
  return add;
}

function usageFromCounters(side: CostSide, c: CounterFields): Usage {
  const n = (field: string) => c[`cost_${side}_${field}`] ?? 0;
  return {
    comprehendUnits: Object.fromEntries(COMPREHEND_OPERATIONS.map((op) => [op, n(`comprehend_${COMPREHEND_FIELD[op]}`)])),
    ...Object.fromEntries((Object.entries(FIELD) as Array<[keyof typeof FIELD, string]>).map(([key, field]) => [key, n(field)])),
  };
}

export interface CostFigures {
  /** Everything counted, at list prices (PRICES, as of PRICES_AS_OF). */
  totalUsd: number;
  byService: { comprehendSentiment: number; comprehendLanguage: number; comprehendOther: number; ses: number; dynamodb: number; sqs: number; lambda: number; apiGateway: number };
  comprehendUnits: Required<ComprehendUsage>;
  /** Total cost over responses stored. */
  perResponseUsd: number | null;
  /** What sending one email cost: notify's share of SQS, DynamoDB and Lambda, and SES. */
  perEmailUsd: number | null;
  /** Total cost over customers won back (recovery outcomes `won`). */
  perRecoveredCustomerUsd: number | null;
  pricesAsOf: string;
}

export function costFiguresFrom(c: CounterFields): CostFigures {
  const analysis = usageFromCounters('analysis', c);
  const outreach = usageFromCounters('outreach', c);
  const both = addUsage(analysis, outreach);
  const units = (op: ComprehendOperation) => both.comprehendUnits?.[op] ?? 0;
  const comprehend = (op: ComprehendOperation) => round(units(op) * PRICES.comprehendPerUnit);
  const byService = {
    comprehendSentiment: comprehend('sentiment'),
    comprehendLanguage: comprehend('language'),
    comprehendOther: round(comprehend('keyPhrases') + comprehend('pii')),
    ses: usdOf({ emails: both.emails ?? 0 }),
    dynamodb: usdOf({ dynamodbWriteUnits: both.dynamodbWriteUnits ?? 0 }),
    sqs: usdOf({ sqsRequests: both.sqsRequests ?? 0 }),
    lambda: usdOf({ lambdaRequests: both.lambdaRequests ?? 0, lambdaGbSeconds: both.lambdaGbSeconds ?? 0 }),
    apiGateway: usdOf({ apiRequests: both.apiRequests ?? 0 }),
  };
  const totalUsd = usdOf(both);
  const emails = c.cost_outreach_emails ?? 0;
  const per = (usd: number, n: number) => (n > 0 ? round(usd / n) : null);
  return {
    totalUsd,
    byService,
    comprehendUnits: { sentiment: units('sentiment'), language: units('language'), keyPhrases: units('keyPhrases'), pii: units('pii') },
    perResponseUsd: per(totalUsd, c.responses ?? 0),
    perEmailUsd: per(usdOf(outreach), emails),
    perRecoveredCustomerUsd: per(totalUsd, c.recovery_won ?? 0),
    pricesAsOf: PRICES_AS_OF,
  };
}

/** Micro-dollar precision: a single event costs fractions of a cent. */
const round = (n: number) => Math.round(n * 1e9) / 1e9;

/** One invocation's shared costs, split evenly over the events (or emails) it handled. */
export interface InvocationShare {
  /** Events or emails the invocation handled. */
  batchSize: number;
  /** How long it had run when the usage was taken (what Lambda bills, estimated). */
  durationMs: number;
  memoryMb: number;
  /** Counter rows its transaction writes, shared by the batch. */
  counterRows: number;
}

/** A transactional write costs two write units per KB of item. */
const TRANSACTIONAL_WRITE_UNITS_PER_KB = 2;

const gbSeconds = (s: InvocationShare) => (s.durationMs / 1000) * (s.memoryMb / 1024);
const share = (n: number, s: InvocationShare) => round6(n / Math.max(1, s.batchSize));

/**
 * What storing one event used, from the webhook to the stored record: one API Gateway request and
 * one ingest invocation (none for history imported without outreach, which is queued directly),
 * ingest's SendMessage, the batch's ReceiveMessage and DeleteMessageBatch (and the outreach
 * SendMessageBatch when it offers an email), the feedback item and its share of the counter rows in
 * the store transaction, analyze's invocation and GB-seconds, and its Comprehend units. Not counted:
 * ingest's GB-seconds (analyze cannot see them), the Lambda poller's empty receives, reads.
 */
export function analysisUsageOf(
  event: { outreach?: boolean },
  itemBytes: number,
  comprehendUnits: ComprehendUsage | undefined,
  offersEmail: boolean,
  s: InvocationShare,
): Usage {
  const viaWebhook = event.outreach !== false;
  const units = Object.fromEntries(Object.entries(comprehendUnits ?? {}).filter(([, n]) => n));
  return {
    ...(Object.keys(units).length ? { comprehendUnits: units } : {}),
    apiRequests: viaWebhook ? 1 : 0,
    lambdaRequests: round6((viaWebhook ? 1 : 0) + share(1, s)),
    lambdaGbSeconds: share(gbSeconds(s), s),
    sqsRequests: round6(1 + share(2 + (offersEmail ? 1 : 0), s)),
    dynamodbWriteUnits: round6(TRANSACTIONAL_WRITE_UNITS_PER_KB * Math.ceil(itemBytes / 1024) + share(TRANSACTIONAL_WRITE_UNITS_PER_KB * s.counterRows, s)),
  };
}

/**
 * What settling one outreach message used in notify: its share of ReceiveMessage and
 * DeleteMessageBatch, the invocation and GB-seconds, the rate-slot update and the settle
 * transaction's counter rows; when it was claimed, the claim transaction (ledger item and customer
 * state) and its ledger item in the settle transaction; and the SES email when one went out (or may
 * have: an `uncertain` send is counted as sent).
 */
export function outreachUsageOf(claimed: boolean, emailed: boolean, s: InvocationShare): Usage {
  const claimWrites = claimed ? 2 * TRANSACTIONAL_WRITE_UNITS_PER_KB + TRANSACTIONAL_WRITE_UNITS_PER_KB : 0;
  return {
    lambdaRequests: share(1, s),
    lambdaGbSeconds: share(gbSeconds(s), s),
    sqsRequests: share(2, s),
    dynamodbWriteUnits: round6(claimWrites + share(1 + TRANSACTIONAL_WRITE_UNITS_PER_KB * s.counterRows, s)),
    ...(emailed ? { emails: 1 } : {}),
  };
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
