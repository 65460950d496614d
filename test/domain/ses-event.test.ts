/** What each SES sending event means for the outreach and the suppression list. */
import { describe, expect, it } from 'vitest';
import { effectOf, OUTREACH_TAG, outreachTagValue, SesEventMessage } from '../../functions/domain/ses-event';

const NOW = new Date('2026-11-23T12:00:00Z');
const mail = { messageId: 'ses-1', timestamp: '2026-11-23T11:00:00Z', destination: ['ana@example.com'] };
const effect = (event: Record<string, unknown>) => effectOf(SesEventMessage.parse({ mail, ...event }), NOW);

describe('SES event effects', () => {
  it('a permanent bounce suppresses the bounced address', () => {
    expect(effect({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'ana@example.com' }], timestamp: '2026-11-23T11:01:00Z' } })).toEqual({
      sesMessageId: 'ses-1',
      delivery: 'bounced',
      suppress: { addresses: ['ana@example.com'], reason: 'bounce' },
      at: '2026-11-23T11:01:00.000Z',
    });
  });

  it('falls back to the time it heard of an event whose timestamp is unreadable', () => {
    expect(effect({ eventType: 'Delivery', delivery: { timestamp: 'yesterday-ish' } }).at).toBe(NOW.toISOString());
    expect(effect({ eventType: 'Open', open: { timestamp: '2026-11-23T11:30:00.123Z' } }).at).toBe('2026-11-23T11:30:00.123Z');
  });

  it('a transient bounce (mailbox full) is only a status', () => {
    const e = effect({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'ana@example.com' }] } });
    expect(e).toMatchObject({ delivery: 'soft-bounced', suppress: undefined, at: NOW.toISOString() });
  });

  it('a complaint suppresses the complaining address', () => {
    expect(effect({ eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'ana@example.com' }] } })).toMatchObject({
      delivery: 'complained',
      suppress: { addresses: ['ana@example.com'], reason: 'complaint' },
    });
  });

  it.each([
    ['Delivery', 'delivered'],
    ['Open', 'opened'],
    ['Click', 'clicked'],
    ['Reject', 'rejected'],
  ])('%s → %s, nothing suppressed', (eventType, delivery) => {
    expect(effect({ eventType })).toMatchObject({ delivery, suppress: undefined });
  });

  it('events we do not track change nothing', () => {
    expect(effect({ eventType: 'DeliveryDelay' })).toEqual({ sesMessageId: 'ses-1', suppress: undefined, at: NOW.toISOString() });
  });

  it('reads identity notifications (notificationType) and SNS envelopes (raw delivery off) alike', () => {
    const event = { notificationType: 'Bounce', mail, bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'x@example.com' }] } };
    const wrapped = SesEventMessage.parse({ Type: 'Notification', Message: JSON.stringify(event) });
    expect(effectOf(wrapped, NOW).suppress).toEqual({ addresses: ['x@example.com'], reason: 'bounce' });
  });

  it('rejects a body that is not an SES event', () => {
    expect(SesEventMessage.safeParse({ eventType: 'Bounce' }).success).toBe(false);
    expect(SesEventMessage.safeParse({ Type: 'Notification', Message: 'not json' }).success).toBe(false);
  });

  it('carries the outreach id in an SES tag value (A–Z a–z 0–9 _ -, ≤ 256) and reads it back from the event', () => {
    const id = 'typeform#resp-ä/42 x#recovery';
    const value = outreachTagValue(id)!;
    expect(value).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(effect({ eventType: 'Delivery', mail: { ...mail, tags: { 'ses:configuration-set': ['cx'], [OUTREACH_TAG]: [value] } } })).toMatchObject({ outreachId: id, delivery: 'delivered' });
    expect(effect({ eventType: 'Delivery' }).outreachId).toBeUndefined();
    // Too long for a tag: none (notify then keeps the message-id pointer instead).
    expect(outreachTagValue(`generic#${'x'.repeat(300)}#gratitude`)).toBeUndefined();
    expect(effect({ eventType: 'Delivery', mail: { ...mail, tags: { [OUTREACH_TAG]: ['not base64url!'] } } }).outreachId).toBeUndefined();
  });
});
