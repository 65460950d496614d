/**
 * The cost of a million events from the AWS calls a benchmark run counted, at the cost ledger's list
 * prices (functions/domain/cost.ts): a cross-check of the ledger's own figures (`ledger` in the
 * results). Lambda duration (GB-seconds) is left out here; the ledger estimates it from durations.
 */
import { PRICES } from '../functions/domain/cost';

export { PRICES };

export interface Usage {
  apiRequests: number;
  lambdaInvocations: number;
  sqsRequests: number;
  dynamodbWriteUnits: number;
  /** Counted as one read unit each: an upper bound for the small, eventually consistent reads we make. */
  dynamodbReadRequests: number;
  comprehendUnits: number;
  emails: number;
}

export function costPerMillion(usage: Usage, events: number) {
  const scale = 1_000_000 / events;
  const usd = (n: number) => Math.round(n * scale * 100) / 100;
  const parts = {
    apiGateway: usd((usage.apiRequests / 1e6) * PRICES.apiGatewayHttpPerMillionRequests),
    lambdaRequests: usd((usage.lambdaInvocations / 1e6) * PRICES.lambdaPerMillionRequests),
    sqs: usd((usage.sqsRequests / 1e6) * PRICES.sqsPerMillionRequests),
    dynamodb: usd((usage.dynamodbWriteUnits / 1e6) * PRICES.dynamodbPerMillionWriteUnits + (usage.dynamodbReadRequests / 1e6) * PRICES.dynamodbPerMillionReadUnits),
    comprehend: usd(usage.comprehendUnits * PRICES.comprehendPerUnit),
    ses: usd((usage.emails / 1000) * PRICES.sesPerThousandEmails),
  };
  return { ...parts, total: Math.round(Object.values(parts).reduce((a, b) => a + b, 0) * 100) / 100 };
}
