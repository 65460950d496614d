import { describe, expect, it } from 'vitest';
import { firstReminderOf, reminderAfter } from '../../../functions/domain/cases/reminders';

describe('a case has one reminder scheduled at a time', () => {
  const c = { dueAt: '2026-12-07T16:00:00.000Z', leadAt: '2026-12-07T20:00:00.000Z' };

  it('schedules due first, then lead when due arrives, then nothing', () => {
    expect(firstReminderOf(c)).toEqual({ type: 'due', at: new Date(c.dueAt) });
    expect(reminderAfter(c, 'due')).toEqual({ type: 'lead', at: new Date(c.leadAt) });
    expect(reminderAfter(c, 'lead')).toBeUndefined();
  });

  it('a lead threshold of zero hours: due first, lead right after', () => {
    const same = { dueAt: c.dueAt, leadAt: c.dueAt };
    expect(firstReminderOf(same).type).toBe('due');
    expect(reminderAfter(same, 'due')?.type).toBe('lead');
  });
});
