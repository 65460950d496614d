/**
 * The monthly Comprehend budget (`budget.comprehendMonthlyUsd`): once the month's Comprehend units,
 * at list price, reach it, text analysis stops for the rest of the UTC month and feedback is
 * decided on its score alone, with `analysis: "skipped-budget"` on the record — a known, alarmed
 * degradation instead of a surprise bill.
 */
import { z } from 'zod';
import { PRICES } from './cost';

export const Budget = z.strictObject({
  /** US dollars of Comprehend per UTC month; absent: no limit. */
  comprehendMonthlyUsd: z.number().positive().optional(),
});
export type Budget = z.infer<typeof Budget>;

/** What the record says when its text was not analyzed for the budget. */
export const SKIPPED_FOR_BUDGET = 'skipped-budget';

/** The UTC month the spend of an instant counts in: `2026-11`. */
export const budgetMonthOf = (at: Date) => at.toISOString().slice(0, 7);

export interface BudgetState {
  month: string;
  spentUsd: number;
  limitUsd?: number;
  /** False once the month's spend has reached the limit. */
  allowsAnalysis: boolean;
}

export function comprehendBudgetState(budget: Budget, month: string, spentUnits: number): BudgetState {
  const spentUsd = Math.round(spentUnits * PRICES.comprehendPerUnit * 1e6) / 1e6;
  const limitUsd = budget.comprehendMonthlyUsd;
  return { month, spentUsd, ...(limitUsd !== undefined ? { limitUsd } : {}), allowsAnalysis: limitUsd === undefined || spentUsd < limitUsd };
}
