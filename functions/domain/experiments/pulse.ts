/**
 * The re-survey ("pulse"): one short question some days after a recovery — "How would you rate us
 * now?" — answered by a click on a score in the email. The click opens a confirmation page (GET
 * records nothing: mail scanners follow links); its button POSTs, and the answer becomes feedback
 * of its own (`source: "pulse"`, linked to the recovered feedback by `resurveyOf`).
 */
import { METRIC_SCALES, type FeedbackEvent, type ScoredMetric } from '../feedback-event';
import { signToken, verifyToken } from '../signed-token';

const PURPOSE = 'pulse1';

export interface PulseLink {
  feedbackKey: string;
  metric: ScoredMetric;
}

export function signPulseToken(link: PulseLink, expiresAt: Date, key: string): string {
  return signToken(PURPOSE, [link.feedbackKey, link.metric], expiresAt, key);
}

export type PulseCheck = { ok: true; link: PulseLink } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export function verifyPulseToken(token: string, now: Date, keys: readonly string[]): PulseCheck {
  const check = verifyToken(token, PURPOSE, 2, now, keys);
  if (!check.ok) return check;
  const [feedbackKey, metric] = check.fields as [string, string];
  if (!(metric in METRIC_SCALES) || !feedbackKey) return { ok: false, reason: 'malformed' };
  return { ok: true, link: { feedbackKey, metric: metric as ScoredMetric } };
}

/** The re-survey email's answer links: `<api>/pulse?token=…&score=<n>` for every score, each signed with the link's expiry. */
export function pulseLinksFor(link: PulseLink, expiresAt: Date, key: string, apiUrl: string): Array<{ score: number; url: string }> {
  const token = signPulseToken(link, expiresAt, key);
  return scaleOf(link.metric).map((score) => ({ score, url: `${apiUrl.replace(/\/$/, '')}/pulse?token=${token}&score=${score}` }));
}

/** The scores a person can click: the original metric's whole scale. */
export function scaleOf(metric: ScoredMetric): number[] {
  const { min, max } = METRIC_SCALES[metric];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/** A score from a form or query string, when it is a whole number on the metric's scale. */
export function scoreOn(metric: ScoredMetric, raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,2}$/.test(raw)) return undefined;
  const n = Number(raw);
  const { min, max } = METRIC_SCALES[metric];
  return n >= min && n <= max ? n : undefined;
}

/**
 * The answer as feedback: the customer, channel, language and survey of the recovered feedback, the
 * re-survey's score, and one dedupe key per re-survey, so a second click changes nothing.
 */
export function pulseAnswer(original: FeedbackEvent & { pk: string }, metric: ScoredMetric, score: number, id: string, now: Date): FeedbackEvent {
  const at = now.toISOString();
  return {
    id,
    source: 'pulse',
    sourceEventId: original.pk,
    receivedAt: at,
    occurredAt: at,
    customer: original.customer,
    channel: 'survey',
    metric: { type: metric, score } as FeedbackEvent['metric'],
    ...(original.language ? { language: original.language } : {}),
    ...(original.sourceRef?.surveyId ? { sourceRef: { surveyId: original.sourceRef.surveyId } } : {}),
    resurveyOf: original.pk,
  };
}
