/**
 * The emulator's own ceiling: raw DynamoDB Local write requests per second, measured in the same run
 * (same machine, same load from everything else) with `concurrency` requests in flight — small
 * PutItems to a scratch table, no handler work around them. End-to-end events/s is then reported as
 * a share of what this ceiling allows at the pipeline's writes per event.
 */
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

export interface EmulatorCeiling {
  writeRequestsPerSecond: number;
  concurrency: number;
  durationMs: number;
  requests: number;
}

export async function dynamodbWriteCeiling(endpoint: string, concurrency: number, durationMs = 8_000): Promise<EmulatorCeiling> {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  const TableName = `bench-ceiling-${Date.now().toString(36)}`;
  try {
    await client.send(
      new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }),
    );
    const payload = 'x'.repeat(200);
    let requests = 0;
    let next = 0;
    const started = performance.now();
    const deadline = started + durationMs;
    const worker = async () => {
      while (performance.now() < deadline) {
        await client.send(new PutItemCommand({ TableName, Item: { pk: { S: `item-${next++}` }, payload: { S: payload }, n: { N: '1' } } }));
        requests++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = performance.now() - started;
    return { writeRequestsPerSecond: Math.round((requests / elapsed) * 1000), concurrency, durationMs: Math.round(elapsed), requests };
  } finally {
    await client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
    client.destroy();
  }
}
