import { mean } from 'simple-statistics';
import type { SampleComparison } from '../../contract/regression-report.js';
import { formatTolerance, judgeBeyondTolerance, minSamplesPerSide } from './compare-samples.js';
import { mannWhitneyU } from './mann-whitney.js';

/**
 * Compares two samples of a share of failures (each window's failures ÷ attempts, 0 to 1) by the
 * rule compareSamples applies to latency — a regression when the share grew by more than
 * maxRegression and the samples show, significantly (α = 0.05), that current lies beyond base
 * moved by the tolerance — with two differences that failures need:
 * - the centre is the mean, not the median: failures are sparse, so the median window of a run
 *   with 2% of failures has none, and a median would call any rate below half the windows 0;
 * - a base without any failure is no reason to give up (compareSamples cannot divide by a median
 *   of 0): base × (1 + tolerance) is then 0 too, and failures that appear in enough windows
 *   of the current run are significant against it, while one stray failure is not.
 * The fields named *Median hold the means. Pure and deterministic.
 */
export function compareErrorShares(base: readonly number[], current: readonly number[], maxRegression: number): SampleComparison {
  if (!(maxRegression >= 0) || !Number.isFinite(maxRegression))
    throw new RangeError(`maxRegression must be a fraction of at least 0 (0.1 = 10%), but is ${maxRegression}`);
  const b = base.filter(Number.isFinite);
  const c = current.filter(Number.isFinite);
  const empty = { baseMedian: null, currentMedian: null, baseCount: b.length, currentCount: c.length, change: null, pValue: null, pBeyondTolerance: null };
  if (b.length === 0 || c.length === 0) {
    const side = b.length === 0 && c.length === 0 ? 'either run' : b.length === 0 ? 'the base run' : 'the current run';
    return { ...empty, verdict: 'not-enough-data', reason: `no sample in ${side}` };
  }
  const baseMean = mean(b);
  const currentMean = mean(c);
  const measured = {
    ...empty,
    baseMedian: baseMean,
    currentMedian: currentMean,
    pValue: mannWhitneyU(c, b).pValue,
    change: baseMean > 0 ? (currentMean - baseMean) / baseMean : null,
  };
  if (Math.min(b.length, c.length) < minSamplesPerSide) {
    return {
      ...measured,
      verdict: 'not-enough-data',
      reason: `${b.length} and ${c.length} samples, too few to judge (${minSamplesPerSide} a side at least): measure longer or repeat`,
    };
  }
  const tolerance = `${formatTolerance(maxRegression)} tolerance`;
  if (baseMean === 0 && currentMean === 0) return { ...measured, verdict: 'no-change', reason: 'no failure in either run' };
  const higher = currentMean > baseMean * (1 + maxRegression);
  const lower = currentMean < baseMean * (1 - maxRegression);
  if (!higher && !lower) return { ...measured, verdict: 'no-change', reason: `within the ${tolerance}` };
  return { ...measured, ...judgeBeyondTolerance(b, c, higher, higher, maxRegression, { worse: 'more failures', better: 'fewer failures' }) };
}
