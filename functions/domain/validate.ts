import type { z } from 'zod';
import { badRequest, type ProblemField } from './problem';

/** Parse with a schema at an edge; on failure, a 400 naming every failing field. */
export function parseOrProblem<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: ProblemField[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  throw badRequest(`${what} is invalid: ${fields.map((f) => f.path).join(', ')}`, fields);
}

/** JSON.parse that reports a 400 instead of a SyntaxError and refuses prototype-polluting keys. */
export function parseJsonBody(raw: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw badRequest('Body is not valid UTF-8');
  }
  try {
    return JSON.parse(text, (key, value: unknown) => (key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : value));
  } catch {
    throw badRequest('Body is not valid JSON');
  }
}
