import { SQSClient } from '@aws-sdk/client-sqs';
import { withoutRequestLog } from './no-request-log';

/**
 * The endpoint comes from configuration (AWS_ENDPOINT_URL_SQS locally), never from a queue URL's
 * host: in AWS both are the regional endpoint, and emulators mint URLs on hosts that may not resolve.
 */
export const sqs = withoutRequestLog(new SQSClient({ maxAttempts: 5, retryMode: 'standard', useQueueUrlAsEndpoint: false }));
