/**
 * The contract every webhook source implements: verify → parse → normalize.
 * Pure: no I/O here. Secrets arrive as arguments (several at once during rotation) and the
 * clock is injected so signatures with timestamps can be tested deterministically.
 */
import type { FeedbackDraft } from '../feedback-event';
import type { DroppedField } from '../validate';

export interface WebhookRequest {
  method: string;
  /** The public URL the vendor called, including the query string (some vendors sign it). */
  url: string;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** Exact bytes received: signatures are computed over these, never over re-serialized JSON. */
  rawBody: Buffer;
}

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type SourceResult =
  /** A vendor's subscription handshake (challenge/echo): answered as is, nothing queued. */
  | { kind: 'handshake'; reply: HttpReply }
  /** `dropped`: optional fields left out because their values were invalid (logged as warnings). */
  | { kind: 'feedback'; drafts: FeedbackDraft[]; dropped?: DroppedField[] }
  /** Verified and understood, but nothing to act on (no score, no text, an unrelated event type). */
  | { kind: 'ignored'; reason: string; sourceEventId?: string };

export interface VerifyContext {
  /** Every currently valid secret; more than one while a rotation is in progress. */
  secrets: readonly string[];
  now: Date;
}

export interface WebhookSource {
  readonly name: string;
  /** Channel used when the payload does not say. */
  readonly defaultChannel: FeedbackDraft['channel'];
  /** What the vendor expects back on success, when not our JSON 202 (Twilio wants TwiML). */
  readonly successReply?: HttpReply;
  /** Runs before verification for vendors whose handshake is unsigned. */
  handshake?(req: WebhookRequest): HttpReply | undefined;
  /** Throws an `unauthorized` ProblemError naming the reason; never reveals the expected value. */
  verify(req: WebhookRequest, ctx: VerifyContext): void;
  /** Throws a `badRequest` ProblemError naming the failing fields. */
  parse(req: WebhookRequest, now: Date): SourceResult;
}
