/**
 * A case's reminders, in the order they fire. Only the first is scheduled when the case opens; each
 * one, when it arrives, schedules the next (adapters/case-reminders.ts): one schedule per case
 * instead of one per reminder. With the default SLAs `due` comes first and `lead` follows it by
 * `leadAfterHours`; a lead threshold of zero hours fires both together (due first).
 */
import type { CaseRecord } from './case';

export type ReminderType = 'due' | 'lead';
export interface Reminder {
  type: ReminderType;
  at: Date;
}

export function remindersOf(c: Pick<CaseRecord, 'dueAt' | 'leadAt'>): Reminder[] {
  const due = { type: 'due' as const, at: new Date(c.dueAt) };
  const lead = { type: 'lead' as const, at: new Date(c.leadAt) };
  return lead.at.getTime() < due.at.getTime() ? [lead, due] : [due, lead];
}

/** The reminder to schedule when the case opens. */
export const firstReminderOf = (c: Pick<CaseRecord, 'dueAt' | 'leadAt'>): Reminder => remindersOf(c)[0]!;

/** The reminder that follows `type`, if any. */
export function reminderAfter(c: Pick<CaseRecord, 'dueAt' | 'leadAt'>, type: ReminderType): Reminder | undefined {
  const all = remindersOf(c);
  return all[all.findIndex((r) => r.type === type) + 1];
}
