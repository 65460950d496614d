/**
 * Slack: an incoming webhook (https://api.slack.com/messaging/webhooks) or chat.postMessage
 * (https://api.slack.com/methods/chat.postMessage) with the same Block Kit body. Neither takes an
 * idempotency key, so a post is never retried after a timeout (see connectors/http.ts).
 */
import type { CaseRecord } from '#domain/cases/case';
import { slackMessage, type ChatContext } from '#domain/cases/chat';
import type { ConnectorCredentials } from './credentials';
import { callJson, ConnectorError } from './http';

export async function postToSlack(creds: NonNullable<ConnectorCredentials['slack']>, c: CaseRecord, ctx: ChatContext): Promise<Record<string, unknown>> {
  const message = slackMessage(c, ctx);
  if ('webhookUrl' in creds) {
    await callJson({ connector: 'slack', method: 'POST', url: creds.webhookUrl, body: message, idempotent: false });
    return {};
  }
  const { json } = await callJson({
    connector: 'slack',
    method: 'POST',
    url: `${creds.apiUrl.replace(/\/$/, '')}/chat.postMessage`,
    headers: { authorization: `Bearer ${creds.token}` },
    body: { channel: creds.channel, unfurl_links: false, ...message },
    idempotent: false,
  });
  // The Web API answers 200 with ok:false for its errors: the message was not posted.
  const out = json as { ok?: boolean; error?: string; ts?: string } | undefined;
  if (!out?.ok) throw new ConnectorError('slack', 400, `chat.postMessage refused: ${out?.error ?? 'unknown error'}`);
  return { ts: out.ts };
}
