/**
 * The handlers' SDK clients carry no `loggerMiddleware`: with no SDK logger configured it only built,
 * for every request, a copy of its input and output through the sensitive-data filter and threw it
 * away (functions/clients/no-request-log.ts). Retries and the rest of the stack stay.
 */
import { describe, expect, it } from 'vitest';
import { comprehend } from '../../functions/clients/comprehend';
import { documents, dynamodb } from '../../functions/clients/dynamodb';
import { scheduler } from '../../functions/clients/scheduler';
import { ses } from '../../functions/clients/ses';
import { sns } from '../../functions/clients/sns';
import { sqs } from '../../functions/clients/sqs';

describe('handler SDK clients', () => {
  const clients = { comprehend, dynamodb, documents, scheduler, ses, sns, sqs };
  it.each(Object.entries(clients))('%s builds no per-request log', (_name, client) => {
    const stack = client.middlewareStack.identify();
    expect(stack.some((m) => m.startsWith('loggerMiddleware'))).toBe(false);
    expect(stack.some((m) => m.startsWith('retryMiddleware'))).toBe(true);
  });
});
