import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { withoutRequestLog } from './no-request-log';

/** Standard retry (see clients/dynamodb.ts for why not adaptive); a batch still throttled after five tries fails and SQS brings it back. */
export const comprehend = withoutRequestLog(new ComprehendClient({ maxAttempts: 5, retryMode: 'standard' }));
