import { ComprehendClient } from '@aws-sdk/client-comprehend';

/** Adaptive retry spreads throttled batches out instead of failing the SQS batch at once. */
export const comprehend = new ComprehendClient({ maxAttempts: 5, retryMode: 'adaptive' });
