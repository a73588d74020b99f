import { errorFunction, wilcoxonRankSum } from 'simple-statistics';

export interface MannWhitneyResult {
  /** U of the first sample: the pairs (x, y) with x above y, a tie counting one half. */
  u: number;
  /** Standardised U: above 0 when the first sample tends to be the larger. 0 when it cannot be told. */
  z: number;
  /** Two-sided p-value: how likely a difference at least this large is when both samples come from one distribution. */
  pValue: number;
}

/**
 * The two-sided Mann–Whitney U test (Wilcoxon rank-sum) of x against y, by the normal
 * approximation with the tie correction and a continuity correction of ½ (scipy's default, so
 * results can be checked against `scipy.stats.mannwhitneyu(x, y, method='asymptotic')`).
 *
 * Why this test: it compares whole distributions by ranks, assuming no shape. Latency is skewed
 * and heavy-tailed and per-second samples are not normal, which a t-test assumes; one slow second
 * moves a mean a lot and a rank by one. A bootstrap interval would also do, but costs thousands
 * of resamples and needs a seeded generator to stay deterministic; this is one sort.
 *
 * The rank sum is simple-statistics' wilcoxonRankSum (mean ranks for ties); it has no
 * Mann–Whitney test itself. The normal tail comes from its errorFunction (relative error below
 * 1.2e-7) rather than cumulativeStdNormalProbability, a table with four digits that rounds z to
 * 0.01 and stops at 3.09, so that it never gives a p-value below 0.001. Both samples must be
 * non-empty.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU needs two non-empty samples');
  const u = wilcoxonRankSum(x, y) - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm([...x, ...y]) / (n * (n - 1)));
  // Every value the same: nothing tells the samples apart.
  if (!(variance > 0)) return { u, z: 0, pValue: 1 };
  const difference = u - (n1 * n2) / 2;
  const z = (Math.sign(difference) * Math.max(0, Math.abs(difference) - 0.5)) / Math.sqrt(variance);
  return { u, z, pValue: twoSidedP(z) };
}

/**
 * The smallest two-sided p-value the test can give for samples of these sizes (all of one above
 * all of the other, no ties): when it is not below α, no difference could ever be significant.
 */
export function smallestPValue(n1: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 1;
  const zMax = ((n1 * n2) / 2 - 0.5) / Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12);
  return twoSidedP(zMax);
}

/** P(|Z| ≥ |z|) for a standard normal Z: erfc(|z| ÷ √2). */
function twoSidedP(z: number): number {
  return Math.min(1, Math.max(0, 1 - errorFunction(Math.abs(z) / Math.SQRT2)));
}

/** Σ (t³ − t) over the groups of tied values, t the size of each group. */
function tieTerm(values: number[]): number {
  values.sort((a, b) => a - b);
  let sum = 0;
  let run = 1;
  for (let index = 1; index <= values.length; index += 1) {
    if (index < values.length && values[index] === values[index - 1]) {
      run += 1;
    } else {
      sum += run ** 3 - run;
      run = 1;
    }
  }
  return sum;
}
