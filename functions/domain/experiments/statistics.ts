/**
 * The interval estimates the recovery experiment reports, with large-sample methods a skeptical
 * reader can check by hand:
 * - a difference of two proportions: Newcombe's hybrid score interval (his method 10, built from two
 *   Wilson intervals), which keeps close to its nominal coverage at small counts and near 0 or 1,
 *   where the textbook Wald interval does not;
 * - a difference of two means: Welch's unequal-variance standard error with the normal quantile
 *   (verdicts wait for a minimum sample per arm, where the normal and t quantiles agree to ~2%).
 */

/** Two-sided 95%: the standard normal's 0.975 quantile. */
export const Z95 = 1.959963984540054;
/** 80% power: the standard normal's 0.8 quantile. */
export const Z80 = 0.8416212335729143;

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Wilson score interval for `successes` out of `n`. */
export function wilson(successes: number, n: number, z = Z95): Interval {
  if (n === 0) return { estimate: NaN, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** p₁ − p₂ with Newcombe's hybrid score interval. */
export function differenceOfProportions(s1: number, n1: number, s2: number, n2: number, z = Z95): Interval {
  const a = wilson(s1, n1, z);
  const b = wilson(s2, n2, z);
  const d = a.estimate - b.estimate;
  const below = Math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2);
  const above = Math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2);
  return { estimate: d, low: d - below, high: d + above };
}

export interface Sample {
  n: number;
  mean: number;
  /** Unbiased (n − 1) variance. */
  variance: number;
}

export function sampleOf(values: readonly number[]): Sample {
  const n = values.length;
  const mean = n ? values.reduce((s, v) => s + v, 0) / n : NaN;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : NaN;
  return { n, mean, variance };
}

/** mean₁ − mean₂ with Welch's standard error. */
export function differenceOfMeans(a: Sample, b: Sample, z = Z95): Interval {
  const d = a.mean - b.mean;
  const se = Math.sqrt(a.variance / a.n + b.variance / b.n);
  return { estimate: d, low: d - z * se, high: d + z * se };
}

/**
 * Responders per arm needed to detect an absolute uplift `delta` over a baseline share `p`, two-sided
 * 5% test at 80% power (the usual normal-approximation formula).
 */
export function perArmForUplift(p: number, delta: number): number {
  const q = Math.min(0.999, Math.max(0.001, p + delta));
  return Math.ceil(((Z95 + Z80) ** 2 * (p * (1 - p) + q * (1 - q))) / (delta * delta));
}
