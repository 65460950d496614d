import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { RetryStrategyV2 } from '@smithy/types';
import { StandardRetryStrategy } from '@smithy/util-retry';
import { withoutRequestLog } from './no-request-log';

/**
 * Retries only what SES answered: throttling and server errors mean the email was not accepted, so
 * trying again cannot duplicate it. A transient error (timeout, reset connection) may have reached
 * SES, so it is surfaced instead of resent; notify then treats the send as uncertain.
 */
export function retryOnlyAnsweredErrors(inner: RetryStrategyV2): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: (scope) => inner.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: async (token, errorInfo) => {
      if (errorInfo.errorType === 'TRANSIENT') throw new Error('not retried: the request may have reached SES');
      return inner.refreshRetryTokenForRetry(token, errorInfo);
    },
    recordSuccess: (token) => inner.recordSuccess(token),
  };
}

export const ses = withoutRequestLog(new SESv2Client({ retryStrategy: retryOnlyAnsweredErrors(new StandardRetryStrategy(async () => 4)) }));
