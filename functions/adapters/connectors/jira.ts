/**
 * Jira (Service Management projects included) through REST v2 issues
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-issues/#api-rest-api-2-issue-post).
 * Jira takes no idempotency key, so the case id rides along as a label (`cxloop-<case id>`) and a
 * retry searches for it first (JQL `labels = …`). Jira's search index may lag a create by a few
 * seconds; a create that timed out is therefore only retried after the redelivery delay (SQS
 * visibility timeout, 60 s), by when the label is searchable.
 */
import type { CaseRecord } from '#domain/cases/case';
import { jiraIssue, jiraLabelOf } from '#domain/cases/tickets';
import type { ConnectorCredentials } from './credentials';
import { basicAuth, callJson } from './http';

type Creds = NonNullable<ConnectorCredentials['jira']>;

const auth = (creds: Creds) => ({ authorization: basicAuth(creds.email, creds.apiToken) });
const base = (creds: Creds) => creds.baseUrl.replace(/\/$/, '');

export async function findJiraIssue(creds: Creds, caseId: string): Promise<string | undefined> {
  const jql = `labels = "${jiraLabelOf(caseId)}"`;
  const { json } = await callJson({
    connector: 'jira',
    method: 'GET',
    url: `${base(creds)}/rest/api/2/search?jql=${encodeURIComponent(jql)}&fields=labels&maxResults=1`,
    headers: auth(creds),
    idempotent: true,
  });
  const issue = (json as { issues?: Array<{ key: string }> } | undefined)?.issues?.[0];
  return issue?.key;
}

export async function createJiraIssue(creds: Creds, c: CaseRecord, caseUrl: string): Promise<{ ticketId: string; created: boolean }> {
  const existing = await findJiraIssue(creds, c.id);
  if (existing) return { ticketId: existing, created: false };
  const { json } = await callJson({
    connector: 'jira',
    method: 'POST',
    url: `${base(creds)}/rest/api/2/issue`,
    headers: auth(creds),
    body: jiraIssue(c, caseUrl, { key: creds.projectKey, issueType: creds.issueType }),
    idempotent: false,
  });
  const key = (json as { key?: string } | undefined)?.key;
  if (!key) throw new Error('jira: the create answer carries no issue key');
  return { ticketId: key, created: true };
}
