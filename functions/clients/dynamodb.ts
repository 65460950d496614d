import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withoutRequestLog } from './no-request-log';

/**
 * Endpoint and region come from the environment (AWS_ENDPOINT_URL_DYNAMODB locally).
 *
 * Retry mode 'standard', not 'adaptive' (measured, README "Under faults"): the adaptive mode's
 * client-side rate limiter lowers one client's send rate on every throttle it sees and raises it
 * slowly. Our throttles are scattered (one hot item, one partition, one quota), yet the limiter
 * slows every call of the client: with 5% injected throttles the local soak (all handlers share one
 * client) collapsed to a few events/s, and a Lambda container would slow all its work the same way
 * for one hot key. Standard retry backs off per call with jitter; beyond five attempts the SQS
 * redelivery is the longer backoff.
 */
export const dynamodb = withoutRequestLog(new DynamoDBClient({ maxAttempts: 5, retryMode: 'standard' }));
export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
