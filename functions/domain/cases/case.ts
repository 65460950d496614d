/**
 * A case: one unhappy customer, one owner, one due time. Opened once per feedback (its id is
 * derived from the feedback key, so a retry finds the same case), moved only along the state
 * machine below, and every change is written into its history (who, when, what).
 *
 *   open ──→ contacted ──→ resolved
 *     │          └──────→ dismissed
 *     ├──────────────────→ resolved
 *     └──────────────────→ dismissed
 *
 * Pure: transitions return the new case and the counter increments they cause; the store writes
 * both in one transaction.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Person, Priority } from './settings';

export const CASE_STATUSES = ['open', 'contacted', 'resolved', 'dismissed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

const NEXT: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['contacted', 'resolved', 'dismissed'],
  contacted: ['resolved', 'dismissed'],
  resolved: [],
  dismissed: [],
};

export const isClosed = (status: CaseStatus) => status === 'resolved' || status === 'dismissed';
export const canMove = (from: CaseStatus, to: CaseStatus) => NEXT[from].includes(to);

export const HistoryEntry = z.object({ at: z.string(), by: z.string(), what: z.string() });
export type HistoryEntry = z.infer<typeof HistoryEntry>;
export const Note = z.object({ at: z.string(), by: z.string(), text: z.string() });
export type Note = z.infer<typeof Note>;

export const CaseRecord = z.object({
  id: z.string(),
  feedbackKey: z.string(),
  customerKey: z.string().optional(),
  /** `escalation` or `recovery`: what opened it. */
  trigger: z.enum(['escalation', 'recovery']),
  rule: z.string(),
  reason: z.string(),
  priority: Priority,
  team: z.string(),
  owner: Person,
  status: CaseStatus,
  openedAt: z.string(),
  dueAt: z.string(),
  /** When the lead is told, if the case is still open then. */
  leadAt: z.string(),
  contactedAt: z.string().optional(),
  closedAt: z.string().optional(),
  /** Who or what closed it: a person's email, `helpdesk:zendesk`, `helpdesk:jira`, `recovery`. */
  closedBy: z.string().optional(),
  /** Set when the due time passed with the case still open (counted once). */
  breachedAt: z.string().optional(),
  leadNotifiedAt: z.string().optional(),
  // What the chat message and the ticket show: the customer's words (redacted when redaction is on), score, source.
  source: z.string(),
  channel: z.string(),
  metric: z.string(),
  excerpt: z.string().optional(),
  /** Requester for the helpdesk ticket; erased with the customer. */
  customer: z.object({ email: z.string().optional(), name: z.string().optional() }).default({}),
  notes: z.array(Note).default([]),
  history: z.array(HistoryEntry).default([]),
  /** Optimistic concurrency: every change bumps it; an update naming an older version is refused. */
  version: z.number().int().min(1),
});
export type CaseRecord = z.infer<typeof CaseRecord>;

/** `cs_` + 20 hex digits of the feedback key's hash: one feedback, one case id, whatever retries. */
export const caseIdOf = (feedbackKey: string) => `cs_${createHash('sha256').update(`case:${feedbackKey}`).digest('hex').slice(0, 20)}`;
export const CASE_ID = /^cs_[0-9a-f]{20}$/;

export type CaseChange =
  | { kind: 'status'; to: CaseStatus }
  | { kind: 'assign'; owner: z.infer<typeof Person> }
  | { kind: 'note'; text: string }
  | { kind: 'breach' }
  | { kind: 'lead-notified' };

export class CaseConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseConflict';
  }
}

export interface Applied {
  next: CaseRecord;
  /** Lifecycle events the metrics count (counted once: only the change that causes them reports them). */
  events: CaseEvent[];
}

export type CaseEvent =
  | { kind: 'contacted'; afterMs: number }
  | { kind: 'resolved'; afterMs: number; withinSla: boolean }
  | { kind: 'dismissed'; afterMs: number }
  | { kind: 'breached' };

/**
 * Applies changes in order. Throws CaseConflict for a move the state machine forbids (a closed case
 * stays closed). A change that changes nothing (resolving a resolved case) is a no-op, not an error,
 * so a retried webhook or a second recovery does nothing.
 */
export function applyChanges(current: CaseRecord, changes: CaseChange[], by: string, at: Date): Applied {
  const iso = at.toISOString();
  let c: CaseRecord = { ...current, notes: [...current.notes], history: [...current.history] };
  const events: CaseEvent[] = [];
  const log = (what: string) => c.history.push({ at: iso, by, what });
  const age = Math.max(0, at.getTime() - Date.parse(current.openedAt));
  for (const change of changes) {
    switch (change.kind) {
      case 'status': {
        if (change.to === c.status) break;
        if (!canMove(c.status, change.to)) throw new CaseConflict(`a ${c.status} case cannot become ${change.to}`);
        log(`status ${c.status} → ${change.to}`);
        // Resolving without a recorded contact: the resolution was the contact.
        if (!c.contactedAt && change.to !== 'dismissed') {
          c.contactedAt = iso;
          events.push({ kind: 'contacted', afterMs: age });
        }
        c.status = change.to;
        if (isClosed(change.to)) {
          c.closedAt = iso;
          c.closedBy = by;
          events.push(change.to === 'resolved' ? { kind: 'resolved', afterMs: age, withinSla: at.getTime() <= Date.parse(c.dueAt) } : { kind: 'dismissed', afterMs: age });
        }
        break;
      }
      case 'assign':
        if (change.owner.email === c.owner.email) break;
        if (isClosed(c.status)) throw new CaseConflict(`a ${c.status} case cannot be reassigned`);
        log(`owner ${c.owner.email} → ${change.owner.email}`);
        c.owner = change.owner;
        break;
      case 'note':
        c.notes.push({ at: iso, by, text: change.text });
        log('note added');
        break;
      case 'breach':
        if (c.breachedAt || isClosed(c.status)) break;
        c.breachedAt = iso;
        log(`past due (due ${c.dueAt})`);
        events.push({ kind: 'breached' });
        break;
      case 'lead-notified':
        if (c.leadNotifiedAt || isClosed(c.status)) break;
        c.leadNotifiedAt = iso;
        log('team lead notified');
        break;
    }
  }
  const changed = c.history.length !== current.history.length;
  if (changed) c = { ...c, version: current.version + 1 };
  return { next: changed ? c : current, events };
}
