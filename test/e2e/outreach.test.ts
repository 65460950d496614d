/**
 * The closed loop end to end in the local runtime: a bounce arriving through SES events (SNS → SQS →
 * ses-events) suppresses the address so no further email goes out; the unsubscribe link in the
 * email works (and a forged one does not); escalations reach the team's topic once, even for a
 * customer with no email address; a customer's next feedback after a recovery email is linked to it;
 * an email due in the customer's night waits for their morning on an EventBridge Scheduler schedule.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerHashKey } from '../../functions/adapters/customer-hash-key';
import { customerKeyOf } from '../../functions/domain/outreach';
import { OUTREACH_TAG, outreachTagValue } from '../../functions/domain/ses-event';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox, type StoredEmail } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

let runtime: LocalRuntime;
let db: DynamoDBDocumentClient;
let sns: SNSClient;
const creds = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, onEscalation: () => undefined });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...creds, endpoint: runtime.endpoints.dynamodb }));
  sns = new SNSClient({ ...creds, endpoint: runtime.endpoints.sns });
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
});

const post = (sourceEventId: string, customer: Record<string, unknown>, score: number, text?: string) =>
  postGeneric(runtime.apiUrl, runtime.webhookSecrets.generic![0]!, { sourceEventId, customer, metric: { type: 'nps', score }, ...(text ? { text } : {}) });

type Email = StoredEmail & { headers?: Array<{ name: string; value: string }> };
const emailsTo = async (address: string) => ((await sesInbox(runtime.sesStoreUrl)) as Email[]).filter((e) => e.destination.to.includes(address));
const table = (name: 'OUTREACH_TABLE' | 'FEEDBACK_TABLE' | 'METRICS_TABLE') => runtime.resources.env[name]!;
const outreach = async (id: string, ledger: 'OUT' | 'ESC' = 'OUT') => (await db.send(new GetCommand({ TableName: table('OUTREACH_TABLE'), Key: { pk: `${ledger}#${id}`, sk: ledger } }))).Item;
const suppression = async (email: string) =>
  (await db.send(new GetCommand({ TableName: table('OUTREACH_TABLE'), Key: { pk: `SUPP#${customerKeyOf({ email }, await customerHashKey())}`, sk: 'SUPP' } }))).Item;

/** What SES publishes for a hard bounce (event publishing format). */
const bounceEvent = (messageId: string, address: string, tags?: Record<string, string[]>) => ({
  eventType: 'Bounce',
  bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: address, status: '5.1.1' }], timestamp: new Date().toISOString() },
  mail: { timestamp: new Date().toISOString(), source: 'team@example.com', messageId, destination: [address], ...(tags ? { tags } : {}) },
});

/** A fixed-offset zone where it is now 02:xx, deep in the default 21:00–08:00 quiet hours. */
function zoneAtTwoAm(now = new Date()): string {
  let offset = (2 - now.getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  // Etc/GMT zones count the other way round: Etc/GMT-3 is UTC+3.
  return offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe('closed loop (local runtime)', () => {
  it('bounce → suppressed → a later detractor from the same address gets no email', async () => {
    const address = 'bounce@example.com';
    expect((await post('loop-bounce-1', { email: address, name: 'Bo' }, 3, 'Late again')).status).toBe(202);
    const [email] = await eventually(() => emailsTo(address), (e) => e.length === 1);
    expect(email?.subject).toMatch(/sorry/i);
    // The email carried the outreach id in its SES tag, so no pointer item was written: SES
    // publishes the tag with the bounce, as it does for every event of the configuration set.
    const outreachId = 'generic#loop-bounce-1#recovery';
    await eventually(() => outreach(outreachId), (o) => o?.status === 'sent');
    expect((await db.send(new GetCommand({ TableName: table('OUTREACH_TABLE'), Key: { pk: `MSG#${email!.messageId}`, sk: 'MSG' } }))).Item).toBeUndefined();
    const tags = { 'ses:configuration-set': ['cx-loop'], kind: ['recovery'], [OUTREACH_TAG]: [outreachTagValue(outreachId)!] };

    await sns.send(new PublishCommand({ TopicArn: runtime.resources.topics.sesEvents.arn, Message: JSON.stringify(bounceEvent(email!.messageId, address, tags)) }));
    expect(await eventually(() => suppression(address), Boolean)).toMatchObject({ reason: 'bounce' });
    expect(await eventually(() => outreach('generic#loop-bounce-1#recovery'), (o) => o?.delivery === 'bounced')).toMatchObject({ status: 'sent', delivery: 'bounced' });

    await post('loop-bounce-2', { email: address, name: 'Bo' }, 0, 'Still nothing. Awful.');
    expect(await eventually(() => outreach('generic#loop-bounce-2#recovery'), (o) => o?.status === 'suppressed')).toMatchObject({ status: 'suppressed' });
    expect(await emailsTo(address)).toHaveLength(1);
  }, 60_000);

  it('the email carries a one-click unsubscribe link that suppresses the address; a tampered one changes nothing', async () => {
    const address = 'unsub@example.com';
    await post('loop-unsub-1', { email: address }, 10, 'Lovely service');
    const [email] = await eventually(() => emailsTo(address), (e) => e.length === 1);
    const header = (name: string) => email?.headers?.find((h) => h.name === name)?.value;
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const url = /^<(.+)>$/.exec(header('List-Unsubscribe') ?? '')?.[1];
    expect(url).toMatch(new RegExp(`^${runtime.apiUrl}/unsubscribe\\?token=v1\\.`));
    expect(email?.body.text).toContain(url);

    const forged = await fetch(`${url!.slice(0, -3)}xyz`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('This link does not work');
    expect(await suppression(address)).toBeUndefined();

    // A mail scanner (or a person) following the link with a GET unsubscribes nobody: it gets a one-button page.
    const scanned = await fetch(url!);
    expect(scanned.status).toBe(200);
    const confirm = await scanned.text();
    expect(confirm).toContain('<button type="submit"');
    expect(await suppression(address)).toBeUndefined();
    // The button posts the same one-click request back to the link (the form's relative action).
    const action = new URL(/<form method="post" action="([^"]+)"/.exec(confirm)![1]!.replace(/&amp;/g, '&'), url!).href;
    expect(action).toBe(url);

    // RFC 8058: the mail client POSTs without showing anything; 200 means done.
    const oneClick = await fetch(url!, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(oneClick.status).toBe(200);
    expect(await suppression(address)).toMatchObject({ reason: 'unsubscribe' });
    expect(await oneClick.text()).toContain('You are unsubscribed');
    expect(oneClick.headers.get('content-type')).toMatch(/^text\/html/);
  }, 60_000);

  it('escalates once to the team topic, with a link to the record, even when the customer has no email address', async () => {
    const payload = ['loop-escalate', { id: 'crm-42', name: 'Vic' }, 1, 'I will ask my lawyer about this.'] as const;
    expect((await post(...payload)).status).toBe(202);
    const alerts = () => runtime.escalations.filter((a) => a.feedbackKey === 'generic#loop-escalate');
    await eventually(async () => alerts(), (a) => a.length > 0);
    expect(alerts()[0]).toMatchObject({
      rule: 'escalation.nps',
      metric: 'NPS 1',
      excerpt: 'I will ask my lawyer about this.',
      link: expect.stringMatching(new RegExp(`^${runtime.apiUrl}/feedback\\?from=(\\d{4}-\\d{2}-\\d{2})&to=\\1$`)),
      customerKey: customerKeyOf({ id: 'crm-42' }, await customerHashKey()),
    });
    expect(JSON.stringify(alerts()[0])).not.toContain('Vic');

    // The same webhook again: stored once, alerted once.
    expect((await post(...payload)).status).toBe(202);
    await eventually(() => outreach('generic#loop-escalate', 'ESC'), (o) => o?.status === 'sent');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(alerts()).toHaveLength(1);
  }, 60_000);

  it('defers an email due in the customer\'s quiet hours to their morning with a one-time schedule, sending nothing now', async () => {
    const address = 'night-owl@example.com';
    await post('loop-night', { email: address, timezone: zoneAtTwoAm() }, 1, 'Broken on arrival.');
    const scheduler = new SchedulerClient({ ...creds, endpoint: runtime.endpoints.scheduler });
    const group = process.env.SCHEDULER_GROUP!;
    const listed = await eventually(async () => (await scheduler.send(new ListSchedulesCommand({ GroupName: group, NamePrefix: 'cx-outreach-' }))).Schedules ?? [], (l) => l.length > 0);
    const schedules = await Promise.all(listed.map((l) => scheduler.send(new GetScheduleCommand({ Name: l.Name, GroupName: group }))));
    const mine = schedules.filter((x) => x.Target?.Input?.includes('generic#loop-night#recovery'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ ActionAfterCompletion: 'DELETE', Target: { Arn: runtime.resources.env.OUTREACH_QUEUE_ARN } });
    // Up to 6 h of waiting (02:xx → 08:00), far beyond SQS's 15-minute delay.
    const at = Date.parse(`${/^at\((.+)\)$/.exec(mine[0]!.ScheduleExpression!)![1]}Z`);
    expect(at - Date.now()).toBeGreaterThan(4 * 3_600_000);
    expect(at - Date.now()).toBeLessThanOrEqual(6 * 3_600_000);
    expect(await outreach('generic#loop-night#recovery')).toBeUndefined();
    expect(await emailsTo(address)).toEqual([]);
  }, 60_000);

  it('links the next feedback after a recovery email to it and counts the recovery won', async () => {
    const address = 'recovered@example.com';
    await post('loop-recovery-1', { email: address }, 2, 'The parcel was damaged.');
    await eventually(() => emailsTo(address), (e) => e.length === 1);
    await post('loop-recovery-2', { email: address }, 10, 'Thank you for sorting it out so quickly!');
    const feedback = await eventually(
      async () => (await db.send(new GetCommand({ TableName: table('FEEDBACK_TABLE'), Key: { pk: 'generic#loop-recovery-2' } }))).Item,
      Boolean,
    );
    expect(feedback).toMatchObject({ recoveredFrom: 'generic#loop-recovery-1', recoveryOutcome: 'won' });
    const { counterRows } = await import('../../functions/adapters/metrics-store');
    const counters = await counterRows('all', 'all', '0000', '9999');
    expect(counters.reduce((sum, row) => sum + Number(row.counters.recovery_won ?? 0), 0)).toBe(1);
  }, 60_000);
});
