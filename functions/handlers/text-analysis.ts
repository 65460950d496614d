/**
 * The analyze step's text analysis for one batch, around the Comprehend adapter: which language each
 * comment is in without asking Comprehend (functions/domain/language-source.ts), the monthly
 * Comprehend budget (functions/domain/budget.ts), and what it all cost (functions/domain/cost.ts).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { budgetMonthOf, comprehendBudgetState, SKIPPED_FOR_BUDGET, type Budget } from '#domain/budget';
import { COMPREHEND_OPERATIONS, type InvocationShare } from '#domain/cost';
import { counterBucketOf, dimensionsOf } from '#domain/counters';
import type { FeedbackEvent } from '#domain/feedback-event';
import { knownLanguageOf, type LanguageSource } from '#domain/language-source';
import { addComprehendSpend, comprehendUnitsSpent } from '#adapters/comprehend-spend';
import { analyzeTexts, type AnalysisOptions, type AnalysisOutcome } from '#adapters/sentiment';
import { logger, metrics } from '#powertools';

/** What the record says about its text analysis, beside the sentiment. */
export interface AnalysisNote {
  languageSource?: LanguageSource;
  analysis?: typeof SKIPPED_FOR_BUDGET;
}

export interface BatchAnalysis {
  outcomes: Map<string, AnalysisOutcome>;
  notes: Map<string, AnalysisNote>;
  /**
   * The batch's units added to the month's spend, under way: the caller stores the batch meanwhile
   * and awaits this before it returns (one round trip less on the way to the customer's email).
   * Never rejects: best effort, the guard is then late by this batch, never early.
   */
  spendRecorded: Promise<void>;
}

export async function analyzeBatchTexts(
  items: Array<{ key: string; feedback: FeedbackEvent }>,
  options: AnalysisOptions,
  budget: Budget,
  now: Date,
): Promise<BatchAnalysis> {
  const withText = items.filter(({ feedback }) => feedback.text?.trim());
  const notes = new Map<string, AnalysisNote>();
  if (withText.length === 0) return { outcomes: new Map(), notes, spendRecorded: Promise.resolve() };

  const month = budgetMonthOf(now);
  if (budget.comprehendMonthlyUsd !== undefined) {
    const state = comprehendBudgetState(budget, month, await comprehendUnitsSpent(month, now.getTime()));
    if (!state.allowsAnalysis) {
      for (const { key } of withText) notes.set(key, { analysis: SKIPPED_FOR_BUDGET });
      metrics.addMetric('ComprehendBudgetExceeded', MetricUnit.Count, withText.length);
      logger.warn('monthly Comprehend budget reached: deciding on scores alone', { month, spentUsd: state.spentUsd, limitUsd: state.limitUsd, texts: withText.length });
      return { outcomes: new Map(), notes, spendRecorded: Promise.resolve() };
    }
  }

  const known = new Map(withText.map(({ key, feedback }) => [key, knownLanguageOf(feedback)]));
  const outcomes = await analyzeTexts(
    withText.map(({ key, feedback }) => ({ key, text: feedback.text!, language: known.get(key)?.language })),
    options,
  );
  let units = 0;
  for (const { key } of withText) {
    const outcome = outcomes.get(key);
    if (!outcome || outcome instanceof Error) continue;
    for (const op of COMPREHEND_OPERATIONS) units += outcome.usage[op] ?? 0;
    notes.set(key, { languageSource: known.get(key)?.source ?? 'comprehend' });
  }
  metrics.addMetric('ComprehendUnits', MetricUnit.Count, units);
  const spendRecorded = addComprehendSpend(month, units).catch((err: unknown) => {
    // Best effort: the guard is then late by this batch, never early.
    logger.warn('Comprehend spend not recorded', { error: err as Error });
  });
  return { outcomes, notes, spendRecorded };
}

/**
 * The invocation's shared costs as the batch is about to be stored: events in it, time so far, the
 * function's memory, and the counter rows its transaction will write (one per dimension value and hour).
 */
export function invocationShare(events: FeedbackEvent[], startedAt: number): InvocationShare {
  const rows = new Set(events.flatMap((e) => dimensionsOf(e).map(([d, v]) => `${d}#${v}#${counterBucketOf(e.occurredAt)}`)));
  return {
    batchSize: events.length,
    durationMs: Date.now() - startedAt,
    memoryMb: Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? DEFAULT_MEMORY_MB),
    counterRows: rows.size,
  };
}
/** lib/pipeline-spec.ts gives analyze 512 MB; the Lambda runtime sets AWS_LAMBDA_FUNCTION_MEMORY_SIZE. */
const DEFAULT_MEMORY_MB = 512;

