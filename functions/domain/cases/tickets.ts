/**
 * Helpdesk tickets for a case. The case id is the ticket's external reference (Zendesk
 * `external_id`, a Jira label), which is how a retry finds the ticket it already made and how the
 * helpdesk's status webhook finds the case.
 *
 * Zendesk: Tickets API create (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket);
 * `comment.body` is plain text (not `html_body`), private to agents.
 * Jira: REST v2 create issue (https://developer.atlassian.com/cloud/jira/platform/rest/v2/api-group-issues/#api-rest-api-2-issue-post);
 * v2 descriptions are wiki markup, so the customer's words sit in a {noformat} block that cannot be closed early.
 */
import { truncate } from '../email/escape';
import type { CaseRecord } from './case';
import { formatDue } from './chat';
import type { Priority } from './settings';

const ZENDESK_PRIORITY: Record<Priority, string> = { P1: 'urgent', P2: 'high', P3: 'normal' };
const JIRA_PRIORITY: Record<Priority, string> = { P1: 'Highest', P2: 'High', P3: 'Medium' };

const subjectOf = (c: CaseRecord) => truncate(`[${c.priority}] ${c.metric} from ${c.source}: ${c.rule}`, 150);
const tag = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 80);

function bodyLines(c: CaseRecord, caseUrl: string): string[] {
  return [`Score: ${c.metric}`, `Source: ${c.source} (${c.channel})`, `Why: ${c.reason}`, `Due: ${formatDue(c.dueAt)}`, `Owner: ${c.owner.name} <${c.owner.email}>`, `Case: ${caseUrl}`];
}

export function zendeskTicket(c: CaseRecord, caseUrl: string): { ticket: Record<string, unknown> } {
  const words = c.excerpt ? ['The customer wrote:', '', truncate(c.excerpt, 10_000), ''] : [];
  return {
    ticket: {
      external_id: c.id,
      subject: subjectOf(c),
      comment: { body: [...words, ...bodyLines(c, caseUrl)].join('\n'), public: false },
      priority: ZENDESK_PRIORITY[c.priority],
      tags: ['cx_loop', `cx_${c.priority.toLowerCase()}`, tag(c.rule), tag(c.source)],
      ...(c.customer.email ? { requester: { email: c.customer.email, ...(c.customer.name ? { name: truncate(c.customer.name, 100) } : {}) } } : {}),
      assignee_email: c.owner.email,
    },
  };
}

export const jiraLabelOf = (caseId: string) => `cxloop-${caseId}`;

/** Wiki markup cannot express a literal `{noformat}` inside one: break the token. */
const noformat = (text: string) => `{noformat}\n${text.replace(/\{noformat\}/gi, '{ noformat}')}\n{noformat}`;

/** Backslash-escapes wiki markup so a name or reason renders as written. */
const escapeWiki = (text: string) => text.replace(/[\\[\]{}|*_+^~?!#-]/g, (ch) => `\\${ch}`);

export function jiraIssue(c: CaseRecord, caseUrl: string, project: { key: string; issueType: string }): { fields: Record<string, unknown> } {
  const words = c.excerpt ? ['The customer wrote:', noformat(truncate(c.excerpt, 10_000)), ''] : [];
  return {
    fields: {
      project: { key: project.key },
      issuetype: { name: project.issueType },
      summary: subjectOf(c).replace(/[\r\n]+/g, ' '),
      description: [...words, ...bodyLines(c, caseUrl).map((l) => (l.startsWith('Case: ') ? l : escapeWiki(l)))].join('\n'),
      labels: ['cx-loop', jiraLabelOf(c.id), `cx-${c.priority.toLowerCase()}`],
      priority: { name: JIRA_PRIORITY[c.priority] },
    },
  };
}

/** What a helpdesk status means for the case: solved/closed resolves it; an agent's reply (pending) is the first contact. */
export function caseStatusForTicket(helpdesk: 'zendesk' | 'jira', status: string, category?: string): 'resolved' | 'contacted' | undefined {
  const s = status.trim().toLowerCase();
  if (helpdesk === 'zendesk') {
    if (s === 'solved' || s === 'closed') return 'resolved';
    if (s === 'pending' || s === 'hold') return 'contacted';
    return undefined;
  }
  if ((category ?? '').toLowerCase() === 'done' || ['done', 'resolved', 'closed'].includes(s)) return 'resolved';
  if ((category ?? '').toLowerCase() === 'indeterminate') return 'contacted';
  return undefined;
}
