import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Endpoint and region come from the environment (AWS_ENDPOINT_URL_DYNAMODB locally). */
export const dynamodb = new DynamoDBClient({ maxAttempts: 5, retryMode: 'adaptive' });
export const documents = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
