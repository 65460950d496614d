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

/** An optional field left out because its value was invalid; ingest logs these as warnings. */
export interface DroppedField {
  path: string;
  message: string;
}

/**
 * Like parseOrProblem, but an invalid value under one of `optionalRoots` (e.g. `customer`,
 * `sourceRef`, `language`) is removed instead of failing the whole input: a customer's feedback
 * is never lost over a link or a malformed locale. What was removed is returned so the caller can
 * log it. Failures anywhere else (required fields) are still a 400 naming every failing field.
 */
export function parseDroppingInvalidOptional<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  optionalRoots: readonly string[],
  what: string,
): { data: z.output<S>; dropped: DroppedField[] } {
  const dropped: DroppedField[] = [];
  let candidate: Record<string, unknown> = structuredClone(input);
  // Each pass removes every offending optional leaf; nested schemas may surface new issues once a
  // sibling is gone, so a few passes are allowed before giving up with the ordinary 400.
  for (let pass = 0; pass < 4; pass++) {
    const result = schema.safeParse(candidate);
    if (result.success) return { data: result.data, dropped };
    const issues = result.error.issues;
    const removable = issues.filter((issue) => issue.path.length > 0 && optionalRoots.includes(String(issue.path[0])));
    if (removable.length !== issues.length) break;
    for (const issue of removable) {
      dropped.push({ path: issue.path.map(String).join('.'), message: issue.message });
      candidate = withoutPath(candidate, issue.path.map(String));
    }
  }
  return { data: parseOrProblem(schema, candidate, what), dropped };
}

function withoutPath(value: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined || !(head in value)) return value;
  const copy = { ...value };
  const child = copy[head];
  if (rest.length === 0 || typeof child !== 'object' || child === null || Array.isArray(child)) delete copy[head];
  else copy[head] = withoutPath(child as Record<string, unknown>, rest);
  return copy;
}
