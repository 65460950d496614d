/**
 * middy error handler for HTTP handlers: ProblemErrors become application/problem+json with their
 * status; anything else is logged and answered with a bare 500 (no message, no stack).
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ProblemError } from '#domain/problem';
import { logger } from '#powertools';

export function problemJson(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async (request) => {
      const err = request.error;
      const instance = request.event.rawPath;
      const problem =
        err instanceof ProblemError ? err : new ProblemError(500, 'Internal Server Error', 'The request could not be processed.');
      if (!(err instanceof ProblemError)) logger.error('unhandled error', { error: err as Error });
      else logger.info('request rejected', { status: problem.status, detail: problem.message });
      request.response = problemResponse(problem, instance);
    },
  };
}

export function problemResponse(problem: ProblemError, instance?: string): APIGatewayProxyResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(problem.toJSON(instance)),
  };
}

export function json(statusCode: number, body: unknown): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
