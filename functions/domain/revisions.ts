/**
 * Response revisions. Vendors send the same response again as it changes (Delighted sends the score
 * in `survey_response.created` and the comment in `.updated`; Zendesk sends a new rating when the
 * customer changes it; SurveyMonkey has `response_updated`). Each delivery carries the dedupe key
 * (source#sourceEventId) of the response and, where the vendor has one, a `revision` that grows
 * with each version. Pure: the store asks `arrivalOf` with the stored copy, analyze re-decides with
 * `followUpOf`, and the counters move by the difference of the two versions' contributions.
 */
import { createHash } from 'node:crypto';
import type { Decision } from './decide';
import type { FeedbackEvent } from './feedback-event';

/** What a delivery is, given what is stored under its dedupe key. */
export type Arrival = 'new' | 'duplicate' | 'stale' | 'revision';

export interface Versioned {
  revision?: number;
  contentHash?: string;
}

/**
 * - nothing stored → new;
 * - no revision on the delivery, or one not above the stored one → a redelivery (`duplicate`) or
 *   an older version arriving late (`stale`): nothing changes, whatever the order of arrival;
 * - a later revision with the same content (a vendor retry re-stamped, a change to fields we do
 *   not keep) → duplicate: re-analysing it would change nothing;
 * - otherwise → a revision, which replaces the stored version.
 * An erased response (privacy tombstone) must be answered before this is asked.
 */
export function arrivalOf(stored: Versioned | undefined, incoming: Versioned): Arrival {
  if (!stored) return 'new';
  if (incoming.revision === undefined) return 'duplicate';
  if (stored.revision !== undefined && incoming.revision < stored.revision) return 'stale';
  if (stored.revision !== undefined && incoming.revision === stored.revision) return 'duplicate';
  if (stored.contentHash !== undefined && stored.contentHash === incoming.contentHash) return 'duplicate';
  return 'revision';
}

/**
 * Fingerprint of what a version says (score, words, who, where): equal fingerprints mean re-analysis
 * would decide the same. Keys are sorted so the order a vendor module builds objects in does not matter.
 */
export function contentHashOf(event: FeedbackEvent): string {
  // Not occurredAt: some vendors stamp it per delivery, and it changes no decision.
  const { metric, text, language, customer, channel, sourceRef, outreach } = event;
  return createHash('sha256').update(canonical({ metric, text, language, customer, channel, sourceRef, outreach })).digest('hex').slice(0, 24);
}

/**
 * The follow-up a revision may still call for, given what the earlier version decided. Outreach
 * ids are `<feedbackKey>#<kind>` (functions/domain/outreach.ts), so the ledger already makes the
 * same kind for the same response go out once across versions; what it cannot know is the order:
 * - a recovery is never followed by a thank-you: once a version called for a recovery, a later
 *   happier version holds the gratitude back (the cooldown would usually, but not with 0 days);
 * - a thank-you followed by a now-unhappy version keeps its recovery (a distinct outreach id):
 *   notify lets it through the cooldown only under `guards.recoveryOverridesGratitude`;
 * - escalations are keyed by the response (`ESC#<feedbackKey>`): raised at most once across versions.
 */
export function followUpOf(previous: Decision | undefined, next: Decision): Decision {
  if (previous?.action === 'recovery' && next.action === 'gratitude') {
    return {
      ...next,
      action: 'none',
      rule: 'guard.revision',
      reason: `${next.rule} held back: an earlier version of this response called for a recovery`,
      heldBack: 'gratitude',
    };
  }
  return next;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
