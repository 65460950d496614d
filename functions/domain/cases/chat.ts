/**
 * Chat messages about a case, for Slack (Block Kit, incoming webhook or chat.postMessage) and
 * Microsoft Teams (Adaptive Card through a workflow webhook). The customer's words are untrusted:
 * - Slack mrkdwn: `&`, `<`, `>` are escaped (https://api.slack.com/reference/surfaces/formatting#escaping),
 *   so a comment cannot forge a link, a mention (`<!channel>`) or a user ping.
 * - Teams: the words go into a RichTextBlock TextRun, which renders no markdown; `{{` is broken up so
 *   Adaptive Card date/time functions cannot be injected; bidi overrides are dropped.
 * Both cut the text to the platforms' limits.
 */
import { inlineSafe, truncate } from '../email/escape';
import type { CaseRecord } from './case';

export type ChatKind = 'opened' | 'reminder' | 'lead';

export interface ChatContext {
  kind: ChatKind;
  caseUrl: string;
  /** Rendered due time, e.g. "2026-11-29 16:00 UTC". */
  now: Date;
}

const TITLES: Record<ChatKind, string> = {
  opened: 'New case',
  reminder: 'Case past due',
  lead: 'Case past due — lead escalation',
};

/** Slack's own escaping for mrkdwn and plain text alike. */
export const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Control characters and bidi overrides out; newlines kept (they are the customer's paragraphs). */
const clean = (text: string) => text.replace(/[\u202a-\u202e\u2066-\u2069]/g, '').replace(/[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');

export const formatDue = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

const SLACK_MEMBER = /^[UW][A-Z0-9]{2,}$/;

function slackOwner(c: CaseRecord): string {
  const handle = c.owner.chat;
  if (handle && SLACK_MEMBER.test(handle)) return `<@${handle}>`;
  return escapeSlack(inlineSafe(c.owner.name, 100));
}

function quoteSlack(words: string): string {
  return escapeSlack(truncate(clean(words), 2_500))
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** Incoming-webhook body; chat.postMessage takes the same with `channel` added. */
export function slackMessage(c: CaseRecord, ctx: ChatContext): { text: string; blocks: unknown[] } {
  const title = `${TITLES[ctx.kind]} ${c.priority}: ${c.metric} from ${c.source}`;
  const summary = `${escapeSlack(title)} — owner ${slackOwner(c)}, due ${formatDue(c.dueAt)}`;
  const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });
  return {
    // The notification text (and what screen readers and old clients show).
    text: summary,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } },
      ...(c.excerpt ? [{ type: 'section', text: { type: 'mrkdwn', text: quoteSlack(c.excerpt) } }] : []),
      {
        type: 'section',
        fields: [
          field('Score', escapeSlack(c.metric)),
          field('Source', escapeSlack(`${c.source} · ${c.channel}`)),
          field('Priority', c.priority),
          field('Due', formatDue(c.dueAt)),
          field('Owner', slackOwner(c)),
          field('Why', escapeSlack(truncate(c.reason, 300))),
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${safeUrl(ctx.caseUrl)}|Open case ${c.id}>` }] },
    ],
  };
}

/** Teams workflow ("When a Teams webhook request is received") body: a message with one Adaptive Card. */
export function teamsMessage(c: CaseRecord, ctx: ChatContext): unknown {
  const title = `${TITLES[ctx.kind]} ${c.priority}: ${c.metric} from ${c.source}`;
  const plain = (text: string) => clean(text).replace(/\{\{/g, '{\u200b{');
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, text: plain(title) },
            ...(c.excerpt ? [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', italic: true, text: plain(truncate(c.excerpt, 2_500)) }] }] : []),
            {
              type: 'FactSet',
              facts: [
                { title: 'Score', value: plain(c.metric) },
                { title: 'Source', value: plain(`${c.source} · ${c.channel}`) },
                { title: 'Priority', value: c.priority },
                { title: 'Due', value: formatDue(c.dueAt) },
                { title: 'Owner', value: plain(inlineSafe(c.owner.name, 100)) },
              ],
            },
          ],
          actions: [{ type: 'Action.OpenUrl', title: `Open case ${c.id}`, url: ctx.caseUrl }],
        },
      },
    ],
  };
}

/** Our own URL, but never let a `|` or `>` in it break the Slack link syntax. */
const safeUrl = (url: string) => url.replace(/[|<>]/g, encodeURIComponent);
