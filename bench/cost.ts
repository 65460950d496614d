/**
 * AWS list prices (us-east-1, on-demand, past free tiers, as published in 2026) and the cost of a
 * million events from the counts a benchmark run measured. Lambda duration (GB-seconds) is left
 * out: it depends on the deployed functions' durations, which a local run cannot measure.
 */
export const PRICES = {
  apiGatewayHttpPerMillionRequests: 1.0,
  lambdaPerMillionRequests: 0.2,
  sqsPerMillionRequests: 0.4,
  dynamodbPerMillionWriteUnits: 0.625,
  dynamodbPerMillionReadUnits: 0.125,
  comprehendPerUnit: 0.0001,
  sesPerThousandEmails: 0.1,
} as const;

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
