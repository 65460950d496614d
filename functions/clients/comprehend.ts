import { ComprehendClient } from '@aws-sdk/client-comprehend';

/** Standard retry (see clients/dynamodb.ts for why not adaptive); a batch still throttled after five tries fails and SQS brings it back. */
export const comprehend = new ComprehendClient({ maxAttempts: 5, retryMode: 'standard' });
