/** The case model, routing, SLAs and what chat messages and tickets make of hostile customer text. */
import { describe, expect, it } from 'vitest';
import { applyChanges, CaseConflict, caseIdOf, type CaseRecord } from '../../../functions/domain/cases/case';
import { escapeSlack, slackMessage, teamsMessage } from '../../../functions/domain/cases/chat';
import { caseEventIncrements, caseFiguresFrom, summarizeOpen } from '../../../functions/domain/cases/metrics';
import { caseTriggerOf } from '../../../functions/domain/cases/open';
import { ownerByTurn, priorityOf, teamFor } from '../../../functions/domain/cases/routing';
import { CasesSettings, DEFAULT_CASES_SETTINGS } from '../../../functions/domain/cases/settings';
import { addSlaHours } from '../../../functions/domain/cases/sla';
import { caseStatusForTicket, jiraIssue, zendeskTicket } from '../../../functions/domain/cases/tickets';

const T0 = new Date('2026-11-27T10:00:00Z'); // a Friday

function aCase(over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: caseIdOf('generic#x'),
    feedbackKey: 'generic#x',
    trigger: 'escalation',
    rule: 'escalation.nps',
    reason: 'NPS 1 in 0–3',
    priority: 'P1',
    team: 'cx',
    owner: { name: 'Sam', email: 'sam@example.com', chat: 'U0CXSAM01' },
    status: 'open',
    openedAt: T0.toISOString(),
    dueAt: new Date(T0.getTime() + 4 * 3_600_000).toISOString(),
    leadAt: new Date(T0.getTime() + 6 * 3_600_000).toISOString(),
    source: 'generic',
    channel: 'survey',
    metric: 'NPS 1',
    customer: {},
    notes: [],
    history: [],
    version: 1,
    ...over,
  };
}

const HOSTILE = 'Refund me <!channel> <@U123> <https://evil.example|click> & <script>x</script>\n{{DATE(2017-02-14T06:08:39Z, SHORT)}} \u202egnp.exe';

describe('case state machine', () => {
  it('moves open → contacted → resolved, records who and when, and counts contact and resolution once', () => {
    const c = aCase();
    const contacted = applyChanges(c, [{ kind: 'status', to: 'contacted' }], 'sam@example.com', new Date(T0.getTime() + 3_600_000));
    expect(contacted.next).toMatchObject({ status: 'contacted', version: 2 });
    expect(contacted.events).toEqual([{ kind: 'contacted', afterMs: 3_600_000 }]);
    const resolved = applyChanges(contacted.next, [{ kind: 'status', to: 'resolved' }], 'sam@example.com', new Date(T0.getTime() + 2 * 3_600_000));
    expect(resolved.events).toEqual([{ kind: 'resolved', afterMs: 7_200_000, withinSla: true }]);
    expect(resolved.next.history.map((h) => [h.by, h.what])).toEqual([
      ['sam@example.com', 'status open → contacted'],
      ['sam@example.com', 'status contacted → resolved'],
    ]);
    // The same change again is a no-op (a retried webhook), not an error and not a second count.
    const again = applyChanges(resolved.next, [{ kind: 'status', to: 'resolved' }], 'helpdesk:zendesk', new Date());
    expect(again.next).toBe(resolved.next);
    expect(again.events).toEqual([]);
  });

  it('refuses to reopen or reassign a closed case', () => {
    const dismissed = applyChanges(aCase(), [{ kind: 'status', to: 'dismissed' }], 'a', T0).next;
    expect(() => applyChanges(dismissed, [{ kind: 'status', to: 'open' }], 'a', T0)).toThrow(CaseConflict);
    expect(() => applyChanges(dismissed, [{ kind: 'status', to: 'resolved' }], 'a', T0)).toThrow(CaseConflict);
    expect(() => applyChanges(dismissed, [{ kind: 'assign', owner: { name: 'B', email: 'b@example.com' } }], 'a', T0)).toThrow(CaseConflict);
  });

  it('counts a breach once, and a late resolution as outside the SLA', () => {
    const late = new Date(T0.getTime() + 5 * 3_600_000);
    const breached = applyChanges(aCase(), [{ kind: 'breach' }], 'cx-loop', late);
    expect(breached.events).toEqual([{ kind: 'breached' }]);
    expect(applyChanges(breached.next, [{ kind: 'breach' }], 'cx-loop', late).events).toEqual([]);
    const resolved = applyChanges(breached.next, [{ kind: 'status', to: 'resolved' }], 'x', late);
    expect(resolved.events).toContainEqual({ kind: 'resolved', afterMs: 5 * 3_600_000, withinSla: false });
    const figures = caseFiguresFrom({ cases_opened: 1, ...caseEventIncrements([...breached.events, ...resolved.events]) });
    expect(figures).toMatchObject({ opened: 1, resolved: 1, resolvedWithinSla: 0, breaches: 1, closureWithinSlaPct: 0, open: 0 });
  });

  it('one feedback, one case id', () => {
    expect(caseIdOf('generic#a')).toBe(caseIdOf('generic#a'));
    expect(caseIdOf('generic#a')).not.toBe(caseIdOf('generic#b'));
    expect(caseIdOf('generic#a')).toMatch(/^cs_[0-9a-f]{20}$/);
  });
});

describe('which feedback opens a case', () => {
  const escalated = { decision: { action: 'recovery', rule: 'recovery.nps', reason: '', escalation: { rule: 'escalation.nps', reason: '' }, inputs: { metric: { type: 'none' } } } } as const;
  const recovery = { decision: { action: 'recovery', rule: 'recovery.nps', reason: '', inputs: { metric: { type: 'none' } } } } as const;
  it('follows cases.open', () => {
    expect(caseTriggerOf(escalated as never, 'escalations')).toBe('escalation');
    expect(caseTriggerOf(recovery as never, 'escalations')).toBeUndefined();
    expect(caseTriggerOf(recovery as never, 'recoveries')).toBe('recovery');
    expect(caseTriggerOf(escalated as never, 'off')).toBeUndefined();
    expect(caseTriggerOf({ ...escalated, outreach: false } as never, 'escalations')).toBeUndefined();
  });
});

describe('routing', () => {
  const settings = CasesSettings.parse({
    teams: {
      cx: { members: [{ name: 'A', email: 'a@example.com' }, { name: 'B', email: 'b@example.com' }], lead: { name: 'L', email: 'l@example.com' } },
      billing: { members: [{ name: 'C', email: 'c@example.com' }], lead: { name: 'L', email: 'l@example.com' } },
    },
    routes: [
      { when: { tags: ['billing', 'invoice'], priority: ['P1'] }, team: 'billing' },
      { when: { language: ['fr'] }, team: 'billing' },
    ],
  });
  it('takes the first route whose conditions all hold, else the default team', () => {
    const base = { source: 'generic', channel: 'survey', tags: [] as string[], priority: 'P1' as const };
    expect(teamFor({ ...base, tags: ['invoice'] }, settings)).toBe('billing');
    expect(teamFor({ ...base, tags: ['invoice'], priority: 'P2' }, settings)).toBe('cx');
    expect(teamFor({ ...base, language: 'fr' }, settings)).toBe('billing');
    expect(teamFor(base, settings)).toBe('cx');
  });
  it('round-robins inside a team', () => {
    const members = settings.teams.cx!.members;
    expect([1, 2, 3, 4].map((t) => ownerByTurn(members, t).email)).toEqual(['a@example.com', 'b@example.com', 'a@example.com', 'b@example.com']);
  });
  it('reads priority off the rule that fired: churn/legal signal and NPS 0–3 are P1', () => {
    const p = DEFAULT_CASES_SETTINGS.priorities;
    expect(priorityOf('escalation.signal', p)).toBe('P1');
    expect(priorityOf('escalation.nps', p)).toBe('P1');
    expect(priorityOf('escalation.csat', p)).toBe('P2');
    expect(priorityOf('recovery.nps', p)).toBe('P3');
  });
  it('rejects routes to unknown teams', () => {
    expect(() => CasesSettings.parse({ routes: [{ when: {}, team: 'ghosts' }] })).toThrow(/no team named \\"ghosts\\"/);
  });
});

describe('SLA in business hours', () => {
  const team = { timezone: 'Europe/Paris', businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } };
  it('skips nights and the weekend in the team timezone', () => {
    // Friday 11:00 Paris + 8 working hours: 6 h on Friday, 2 h on Monday → Monday 11:00 Paris (10:00 UTC).
    expect(addSlaHours(T0, 8, true, team).toISOString()).toBe('2026-11-30T10:00:00.000Z');
  });
  it('starts the clock at opening time when a case arrives outside hours', () => {
    // Saturday → Monday 09:00 Paris + 1 h.
    expect(addSlaHours(new Date('2026-11-28T12:00:00Z'), 1, true, team).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });
  it('counts wall-clock hours otherwise', () => {
    expect(addSlaHours(T0, 4, false, team).toISOString()).toBe('2026-11-27T14:00:00.000Z');
  });
});

describe('chat messages carry the customer words, escaped', () => {
  const c = aCase({ excerpt: HOSTILE, owner: { name: '<b>Sam</b>', email: 'sam@example.com' } });
  const ctx = { kind: 'opened' as const, caseUrl: 'https://api.example.com/cases/cs_1', now: T0 };

  it('Slack: & < > escaped everywhere mrkdwn is read, no mention or link can be forged', () => {
    const msg = slackMessage(c, ctx);
    const json = JSON.stringify(msg);
    expect(json).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil|<script>|<b>/);
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('&amp;');
    expect(json).not.toContain('\u202e');
    expect(json).toContain('<https://api.example.com/cases/cs_1|Open case');
    expect(msg.text).toContain('owner &lt;b&gt;Sam&lt;/b&gt;');
    expect(escapeSlack('a & <b>')).toBe('a &amp; &lt;b&gt;');
  });

  it('Slack: a configured member id becomes a mention, and the fields show score, source, priority, due and owner', () => {
    const msg = slackMessage(aCase({ excerpt: 'bad' }), ctx);
    const json = JSON.stringify(msg.blocks);
    for (const s of ['NPS 1', 'generic', 'P1', '2026-11-27 14:00 UTC', '<@U0CXSAM01>']) expect(json).toContain(s);
  });

  it('Teams: the words sit in a TextRun (no markdown), Adaptive Card functions cannot be injected', () => {
    const json = JSON.stringify(teamsMessage(c, ctx));
    expect(json).toContain('"type":"TextRun"');
    expect(json).not.toContain('{{DATE(');
    expect(json).not.toContain('\u202e');
    expect(json).toContain('"url":"https://api.example.com/cases/cs_1"');
  });
});

describe('tickets', () => {
  const c = aCase({ excerpt: HOSTILE, customer: { email: 'ann@example.com', name: 'Ann' } });
  it('Zendesk: external_id is the case id, plain-text private comment, priority and tags', () => {
    const { ticket } = zendeskTicket(c, 'https://x/cases/1');
    expect(ticket).toMatchObject({ external_id: c.id, priority: 'urgent', requester: { email: 'ann@example.com' }, comment: { public: false } });
    expect(ticket.tags).toEqual(expect.arrayContaining(['cx_loop', 'cx_p1', 'escalation_nps']));
    expect(JSON.stringify(ticket)).not.toContain('html_body');
  });
  it('Jira: the words cannot break out of their {noformat} block, the case id is a label', () => {
    const issue = jiraIssue(aCase({ excerpt: 'x {noformat} [evil|http://e] {noformat}' }), 'https://x/cases/1', { key: 'CX', issueType: 'Task' });
    const description = String(issue.fields.description);
    expect(description.match(/\{noformat\}/g)).toHaveLength(2);
    expect(issue.fields.labels).toContain(`cxloop-${c.id}`);
  });
  it('maps helpdesk statuses onto the case', () => {
    expect(caseStatusForTicket('zendesk', 'Solved')).toBe('resolved');
    expect(caseStatusForTicket('zendesk', 'pending')).toBe('contacted');
    expect(caseStatusForTicket('zendesk', 'open')).toBeUndefined();
    expect(caseStatusForTicket('jira', 'Won’t do', 'done')).toBe('resolved');
    expect(caseStatusForTicket('jira', 'In Progress', 'indeterminate')).toBe('contacted');
  });
});

describe('open cases panel', () => {
  it('groups by age and owner, and counts P1s past due', () => {
    const now = new Date(T0.getTime() + 5 * 3_600_000);
    const s = summarizeOpen([aCase(), aCase({ priority: 'P2', dueAt: new Date(T0.getTime() + 24 * 3_600_000).toISOString(), owner: { name: 'A', email: 'a@example.com' } })], now);
    expect(s).toMatchObject({ total: 2, pastDue: 1, pastDueP1: 1 });
    expect(s.byAge.find((b) => b.label === '4–24 h')!.count).toBe(2);
    expect(s.byOwner).toEqual([{ owner: 'a@example.com', count: 1, pastDue: 0 }, { owner: 'sam@example.com', count: 1, pastDue: 1 }]);
  });
});
