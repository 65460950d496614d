/** Query strings and bodies of the cases API, validated at the edge (400 problem+json). */
import { z } from 'zod';
import { CaseStatus } from './case';
import { Priority } from './settings';

const Cursor = z
  .string()
  .max(2_000)
  .transform((s, ctx) => {
    try {
      const key = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
      if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' });
    return z.NEVER;
  });

export const CasesQuery = z.strictObject({
  status: CaseStatus.optional(),
  owner: z.email().optional(),
  priority: Priority.optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type CasesQuery = z.infer<typeof CasesQuery>;

export const encodeCasesCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

export const CasePatch = z
  .strictObject({
    status: CaseStatus.optional(),
    /** A team member's (or lead's) email. */
    owner: z.email().optional(),
    note: z.string().trim().min(1).max(4_000).optional(),
    /** The version the change was made from; a newer stored version answers 409. */
    version: z.number().int().min(1).optional(),
    /** Who is acting, for the history (in AWS the IAM caller is recorded beside it). */
    by: z.string().trim().min(1).max(200).optional(),
  })
  .refine((p) => p.status || p.owner || p.note, 'nothing to change: give status, owner or note');
export type CasePatch = z.infer<typeof CasePatch>;
