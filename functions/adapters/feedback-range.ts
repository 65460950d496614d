/** Every feedback item received on a range of UTC days, oldest first, through the byDay index (every page). */
import { daysFrom } from '#domain/rollups';
import { feedbackPage } from './feedback-pages';
import type { StoredFeedback } from './feedback-store';

export async function feedbackBetween(fromDay: string, toDay: string): Promise<StoredFeedback[]> {
  const records: StoredFeedback[] = [];
  for (const day of daysFrom(fromDay, toDay)) {
    let startKey: Record<string, string> | undefined;
    do {
      const page = await feedbackPage(day, { limit: 1000, oldestFirst: true, ...(startKey ? { startKey } : {}) });
      records.push(...page.items);
      startKey = page.nextKey;
    } while (startKey);
  }
  return records;
}
