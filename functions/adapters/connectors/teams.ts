/**
 * Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received" → post
 * card): https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
 * The workflow answers 202 Accepted; like Slack it de-duplicates nothing, so no retry after a timeout.
 */
import type { CaseRecord } from '#domain/cases/case';
import { teamsMessage, type ChatContext } from '#domain/cases/chat';
import type { ConnectorCredentials } from './credentials';
import { callJson } from './http';

export async function postToTeams(creds: NonNullable<ConnectorCredentials['teams']>, c: CaseRecord, ctx: ChatContext): Promise<Record<string, unknown>> {
  await callJson({ connector: 'teams', method: 'POST', url: creds.webhookUrl, body: teamsMessage(c, ctx), idempotent: false });
  return {};
}
