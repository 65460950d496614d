/**
 * The soak's people-in-the-loop part (called from bench/soak.ts): the same run with the local chat
 * sink and helpdesk failing too — outages answered 503, connections reset before anything happened,
 * and connections broken after a ticket or post was made — then an audit: one case per escalation,
 * at most one chat message and exactly one ticket per case (unless parked in the connector DLQ with a
 * reason), and the `cases_opened` counters equal to the cases stored.
 */
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { LocalRuntime } from '../local/runtime';
import { auditClients } from './audit-clients';

/** Spreads `rate` × expected calls worth of HTTP faults over the chat sink and the helpdesk. */
export function injectConnectorFaults(runtime: LocalRuntime, events: number, rate: number): () => Record<string, number> {
  const n = Math.max(1, Math.round(events * rate));
  runtime.chat.faults.add('down', n);
  runtime.chat.faults.add('reset', Math.ceil(n / 2));
  runtime.chat.faults.add('crash-after', Math.ceil(n / 4));
  runtime.helpdesk.faults.add('down', n);
  runtime.helpdesk.faults.add('reset', Math.ceil(n / 2));
  runtime.helpdesk.faults.add('crash-after', Math.ceil(n / 2));
  return () => ({ chat: runtime.chat.faults.injected, helpdesk: runtime.helpdesk.faults.injected });
}

export async function auditCases(runtime: LocalRuntime) {
  const { sqs, scan, destroy } = auditClients(runtime);
  try {
    const feedback = await scan(runtime.resources.env.FEEDBACK_TABLE!);
    const caseItems = await scan(runtime.resources.env.CASES_TABLE!);
    const metrics = await scan(runtime.resources.env.METRICS_TABLE!);
    const cases = caseItems.filter((i) => i.kind === 'case');
    const ledger = caseItems.filter((i) => String(i.sk).startsWith('OUT#'));
    const dlq: Array<{ body: string; reason: string }> = [];
    for (let i = 0; i < 20; i++) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: runtime.resources.queueUrls.connectors.dlqUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 300 }));
      if (!out.Messages?.length) break;
      dlq.push(...out.Messages.map((m) => ({ body: m.Body ?? '', reason: m.MessageAttributes?.reason?.StringValue ?? '' })));
    }
    const parked = new Set(dlq.map((p) => { try { const m = JSON.parse(p.body) as { caseId: string; connector: string; kind: string }; return `${m.caseId}|${m.connector}|${m.kind}`; } catch { return ''; } }));
    const escalated = feedback.filter((f) => (f.decision as { escalation?: unknown } | undefined)?.escalation && f.outreach !== false);
    const caseFeedback = new Map<string, number>();
    for (const c of cases) caseFeedback.set(String(c.feedbackKey), (caseFeedback.get(String(c.feedbackKey)) ?? 0) + 1);
    const messagesPer = (id: string) => runtime.chat.messages.filter((m) => JSON.stringify(m.body).includes(id) && JSON.stringify(m.body).includes('New case')).length;
    const ticketsPer = (id: string) => runtime.helpdesk.tickets.filter((t) => t.external_id === id).length;
    const ledgerStatus = (id: string, step: string) => ledger.find((l) => l.pk === `CASE#${id}` && l.sk === `OUT#${step}`)?.status;
    const opened = metrics.filter((m) => m.pk === 'C#all#all' || String(m.pk).startsWith('C#all#all#s')).reduce((s, m) => s + Number(m.cases_opened ?? 0), 0);
    const statuses: Record<string, number> = {};
    for (const l of ledger) statuses[`${String(l.sk).slice(4)} ${String(l.status)}`] = (statuses[`${String(l.sk).slice(4)} ${String(l.status)}`] ?? 0) + 1;
    const checks = {
      'one case per escalation': escalated.every((f) => caseFeedback.get(String(f.pk)) === 1) && [...caseFeedback.values()].every((n) => n === 1),
      'at most one chat message per case': cases.every((c) => messagesPer(String(c.id)) <= 1),
      'every case announced in chat, or held as uncertain or parked': cases.every((c) => messagesPer(String(c.id)) === 1 || ledgerStatus(String(c.id), 'slack#opened') === 'uncertain' || parked.has(`${String(c.id)}|slack|opened`)),
      'exactly one ticket per case, or parked': cases.every((c) => ticketsPer(String(c.id)) === 1 || (ticketsPer(String(c.id)) === 0 && parked.has(`${String(c.id)}|zendesk|opened`))),
      'parked deliveries carry a reason': dlq.every((p) => Boolean(p.reason)),
      'cases counted once': opened === cases.length,
    };
    // What an escalation without a case looked like, to find the window it fell through.
    const outreach = await scan(runtime.resources.env.OUTREACH_TABLE!);
    const caseEventsDlq = await sqs.send(new ReceiveMessageCommand({ QueueUrl: runtime.resources.queueUrls.caseEvents.dlqUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 300 }));
    const withoutCase = escalated
      .filter((f) => !caseFeedback.has(String(f.pk)))
      .slice(0, 5)
      .map((f) => ({ feedbackKey: f.pk, alert: outreach.find((o) => o.pk === `ESC#${String(f.pk)}` || (String(o.pk).startsWith('ESC') && o.feedbackKey === f.pk)) ?? 'no ledger entry' }));
    return { withoutCase, caseEventsDlq: (caseEventsDlq.Messages ?? []).map((m) => ({ body: m.Body?.slice(0, 200), reason: m.MessageAttributes?.reason?.StringValue ?? '(moved by the redrive policy)' })), escalated: escalated.length, cases: cases.length, chatMessages: runtime.chat.messages.length, tickets: runtime.helpdesk.tickets.length, deliveries: statuses, connectorDlq: dlq.map((p) => p.reason), casesCounted: opened, checks };
  } finally {
    destroy();
  }
}
