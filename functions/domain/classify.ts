import type { Metric } from './feedback-event';

export type NpsClass = 'promoter' | 'passive' | 'detractor';
export type SatisfactionClass = 'satisfied' | 'neutral' | 'dissatisfied';
export type ScoreClass = NpsClass | SatisfactionClass;

/** Industry-standard bands: NPS 9–10 / 7–8 / 0–6, CSAT 4–5 / 3 / 1–2, CES 6–7 / 4–5 / 1–3. */
export function classifyScore(metric: Metric): ScoreClass | undefined {
  switch (metric.type) {
    case 'nps':
      return metric.score >= 9 ? 'promoter' : metric.score >= 7 ? 'passive' : 'detractor';
    case 'csat':
      return metric.score >= 4 ? 'satisfied' : metric.score === 3 ? 'neutral' : 'dissatisfied';
    case 'ces':
      // CES 7-point "the company made it easy": 6–7 agree is easy, 1–3 disagree is hard, 4–5 in between.
      return metric.score >= 6 ? 'satisfied' : metric.score >= 4 ? 'neutral' : 'dissatisfied';
    case 'none':
      return undefined;
  }
}
