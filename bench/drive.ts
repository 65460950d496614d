/** Drives a local runtime: posts a workload as signed vendor webhooks, then waits for the pipeline to settle. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { samplePayload } from '../cli/lib/samples';
import { physicalKeys } from '../functions/domain/counters';
import { signedDelivery, type Delivery } from '../cli/lib/webhook';
import type { LocalRuntime } from '../local/runtime';
import type { AnyClient } from '../local/sdk-middleware';
import type { BenchEvent } from './workload';

/**
 * Posts with up to `concurrency` requests in flight, at most `ratePerSecond` when given (a steady
 * load, for latencies not dominated by queueing); returns each request's latency and how many were accepted.
 */
export async function post(runtime: LocalRuntime, traffic: BenchEvent[], concurrency: number, ratePerSecond?: number) {
  const ackMs: number[] = [];
  let accepted = 0;
  let next = 0;
  const startedAt = performance.now();
  const worker = async () => {
    while (next < traffic.length) {
      const index = next++;
      const { source, input } = traffic[index]!;
      if (ratePerSecond) {
        const due = startedAt + (index / ratePerSecond) * 1000;
        if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      }
      const now = new Date();
      const delivery = signedDelivery(runtime.apiUrl, source, samplePayload(source, { ...input, now }), runtime.webhookSecrets[source]![0]!, { now });
      const t = performance.now();
      const status = await deliver(delivery);
      ackMs.push(performance.now() - t);
      if (status === 202 || status === 200) accepted++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ackMs, accepted };
}

/**
 * One delivery, retried like a vendor retries a webhook when the connection breaks (a keep-alive
 * socket the server closed just as it was reused answers ECONNRESET): the same signed body, so the
 * pipeline dedupes it. Gives the final HTTP status, or 0 when it never got one.
 */
async function deliver(delivery: Delivery): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(delivery.url, { method: 'POST', headers: delivery.headers, body: delivery.body });
      await res.arrayBuffer();
      return res.status;
    } catch (err) {
      if (attempt >= 5) {
        console.error(`delivery failed: ${(err as Error).message}`);
        return 0;
      }
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/** Every accepted event counted, and nothing left in (or in flight on) either queue. */
export async function drained(runtime: LocalRuntime, accepted: number, timeoutMs = 15 * 60_000) {
  const creds = { region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...creds, endpoint: runtime.endpoints.dynamodb }));
  const sqs = new SQSClient({ ...creds, endpoint: runtime.endpoints.sqs, useQueueUrlAsEndpoint: false });
  const deadline = Date.now() + timeoutMs;
  const queuesEmpty = async () => {
    const depths = await Promise.all(
      Object.values(runtime.resources.queueUrls).map(async ({ url }) => {
        const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }));
        return Object.values(out.Attributes ?? {}).reduce((sum, v) => sum + Number(v), 0);
      }),
    );
    return depths.every((d) => d === 0);
  };
  try {
    while (Date.now() < deadline) {
      // The queues first: five requests to the in-process SQS. Counting responses reads every counter
      // shard (65 queries to DynamoDB Local), which polled every 100 ms through a whole run took as
      // much of DynamoDB Local as the pipeline itself did — so it is asked only once the queues are empty.
      if ((await queuesEmpty()) && (await responsesCounted(db, runtime)) >= accepted && (await queuesEmpty())) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`pipeline did not drain within ${timeoutMs / 1000} s`);
  } finally {
    db.destroy();
    sqs.destroy();
  }
}

/** The very SDK client instances the handlers use (created when the runtime loaded them, with the local endpoints). */
export async function handlerClients(): Promise<Record<'DynamoDB' | 'SQS' | 'SES' | 'Comprehend', AnyClient>> {
  return {
    DynamoDB: (await import('../functions/clients/dynamodb')).dynamodb as unknown as AnyClient,
    SQS: (await import('../functions/clients/sqs')).sqs as unknown as AnyClient,
    SES: (await import('../functions/clients/ses')).ses as unknown as AnyClient,
    Comprehend: (await import('../functions/clients/comprehend')).comprehend as unknown as AnyClient,
  };
}

/** All responses counted so far, across every hourly counter bucket (each run starts with an empty database). */
export async function responsesCounted(db: DynamoDBDocumentClient, runtime: LocalRuntime): Promise<number> {
  // Summed over the counter shards, as every reader does (functions/domain/counters.ts).
  let total = 0;
  for (const pk of physicalKeys('C#all#all')) {
    for await (const page of paginateQuery({ client: db }, { TableName: runtime.resources.env.METRICS_TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } })) {
      for (const item of page.Items ?? []) total += Number(item.responses ?? 0);
    }
  }
  return total;
}
