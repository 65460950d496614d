/**
 * Twilio inbound SMS (Messaging webhook).
 * Followed: https://www.twilio.com/docs/usage/security#validating-requests (X-Twilio-Signature =
 * base64 HMAC-SHA1, keyed with the Auth Token, over the full request URL followed by every POST
 * parameter sorted by name as name+value; Twilio may sign HTTPS URLs with or without an explicit
 * :443, so both spellings are tried as Twilio's own helper libraries do) and
 * https://www.twilio.com/docs/messaging/guides/webhook-request (form-encoded `MessageSid`, `From`,
 * `To`, `Body`, …). Twilio expects TwiML back: see `twilioAckReply`.
 *
 * A reply like "9 great service" is read as a score then a comment; a leading number outside the
 * scale ("15 minutes on hold…") is kept as text only.
 */
import { z } from 'zod';
import type { ScoredMetric } from '../feedback-event';
import { unauthorized } from '../problem';
import { parseOrProblem } from '../validate';
import { parseFormBody } from './shared/body';
import { customerFrom, feedbackOrIgnored, scoredMetric } from './shared/feedback';
import { assertSignedByAny, requireHeader } from './shared/signature';
import { signTwilio } from './sign';
import type { HttpReply, WebhookSource } from './webhook-source';

export interface TwilioOptions {
  /** Which question the SMS survey asked; default NPS (0–10). */
  metric?: ScoredMetric;
}

/** What Twilio needs back for "received, send nothing". */
export const twilioAckReply: HttpReply = {
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
};

const InboundSms = z.looseObject({
  MessageSid: z.string().min(1),
  From: z.string().min(1),
  To: z.string().optional(),
  Body: z.string().default(''),
});

/** "9", "9/10", "9 - great", "10! love it" → score + rest. */
const LEADING_SCORE = /^\s*(\d{1,2})(?:\s*\/\s*10)?(?![\d.,]\d)[\s\p{P}]*([\s\S]*)$/u;

export function splitScoreReply(body: string): { score?: number; text: string } {
  const match = LEADING_SCORE.exec(body);
  if (!match) return { text: body.trim() };
  return { score: Number(match[1]), text: (match[2] ?? '').trim() };
}

/** The signed URL with and without the default port, since Twilio may have used either. */
function urlSpellings(url: string): string[] {
  const parsed = new URL(url);
  const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
  if (parsed.port) {
    if (parsed.port !== defaultPort) return [url];
    return [url, url.replace(`:${defaultPort}`, '')];
  }
  return [url, url.replace(parsed.host, `${parsed.host}:${defaultPort}`)];
}

export function createTwilioSource(options: TwilioOptions = {}): WebhookSource {
  const metricType = options.metric ?? 'nps';
  return {
    name: 'twilio',
    defaultChannel: 'sms',
    successReply: twilioAckReply,

    verify(req, { secrets }) {
      const presented = requireHeader(req, 'x-twilio-signature');
      let params: Record<string, string>;
      try {
        params = parseFormBody(req.rawBody);
      } catch {
        throw unauthorized('Signature cannot be checked: body is not form-encoded UTF-8');
      }
      const urls = urlSpellings(req.url);
      assertSignedByAny(secrets, presented, (authToken) => urls.map((url) => signTwilio(url, params, authToken)));
    },

    parse(req, now) {
      const sms = parseOrProblem(InboundSms, parseFormBody(req.rawBody), 'Twilio message');
      const { score, text } = splitScoreReply(sms.Body);
      const metric = scoredMetric(metricType, score);
      return feedbackOrIgnored(
        {
          source: 'twilio',
          sourceEventId: sms.MessageSid,
          occurredAt: now.toISOString(),
          channel: 'sms',
          customer: customerFrom({ id: sms.From }),
          metric,
          text: metric ? text : sms.Body,
          sourceRef: sms.To ? { surveyId: sms.To } : undefined,
        },
        'Twilio message',
      );
    },
  };
}

export const twilioSource = createTwilioSource();
