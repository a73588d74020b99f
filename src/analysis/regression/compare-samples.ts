import { median } from 'simple-statistics';
import type { Direction, SampleComparison } from '../../contract/regression-report.js';
import { mannWhitneyU } from './mann-whitney.js';

/** Significance level of every test: a 5% chance of calling noise a change beyond the tolerance. */
export const alpha = 0.05;

/**
 * Fewer samples than this on a side is not enough data, although from 4 a side the test can
 * reach p < 0.05 (see smallestPValue): only when every sample of one side lies beyond every
 * sample of the other, so a verdict would rest on one ordering. With 10 a side a clean 20% shift is caught most of the
 * time (docs/ci.md has the figures).
 */
export const minSamplesPerSide = 10;

/**
 * Compares two samples of one metric (e.g. the windows' p99s of every repeat; see
 * window-slices.ts): a regression when
 * the median moved the worse way by more than maxRegression (0.10 = 10%) and the samples show,
 * significantly (α = 0.05), that current lies beyond base moved by the tolerance; an improvement
 * likewise the better way; else no change.
 *
 * Why the test is against the tolerance's edge and not only against base: on a noisy machine the
 * observed change of the medians is itself noisy, so "the medians moved by more than 10% and the
 * samples differ at all" fails a pull request whose true change is 5% whenever the noise adds
 * another 5% — with samples whose coefficient of variation is 50%, in 6% of runs at 30
 * samples a side and 11% at 150 (more samples make a 5% difference significant, and do not stop
 * the noise pushing the median over 10%). Testing that current differs from base × (1 ± tolerance)
 * bounds that to α/2 for any true change within the tolerance (about 1% in the same simulation),
 * and with identical code such a test is almost never significant, so that three metrics of many
 * trials can be checked without the false alarms adding up. criterion.rs decides the same way: a
 * regression when the whole confidence interval of the change lies beyond its noise threshold.
 * The price is power near the tolerance: a true 20% regression of a metric that varies 20% from
 * window to window is caught in 38% of runs with 30 samples a side (90% by the looser rule); with
 * 10% variation and 60 samples, in 99%. Window samples are not independent (drift, GC pauses),
 * which makes any test on them over-confident; the margin absorbs that too. Pure and deterministic.
 */
export function compareSamples(base: readonly number[], current: readonly number[], direction: Direction, maxRegression: number): SampleComparison {
  if (!(maxRegression >= 0) || !Number.isFinite(maxRegression))
    throw new RangeError(`maxRegression must be a fraction of at least 0 (0.1 = 10%), but is ${maxRegression}`);
  const b = base.filter(Number.isFinite);
  const c = current.filter(Number.isFinite);
  const tolerance = `${formatTolerance(maxRegression)} tolerance`;
  const empty = { baseMedian: null, currentMedian: null, baseCount: b.length, currentCount: c.length, change: null, pValue: null, pBeyondTolerance: null };
  if (b.length === 0 || c.length === 0) {
    const side = b.length === 0 && c.length === 0 ? 'either run' : b.length === 0 ? 'the base run' : 'the current run';
    return {
      ...empty,
      ...(b.length > 0 ? { baseMedian: median(b) } : {}),
      ...(c.length > 0 ? { currentMedian: median(c) } : {}),
      verdict: 'not-enough-data',
      reason: `no sample in ${side}`,
    };
  }
  const baseMedian = median(b);
  const currentMedian = median(c);
  const measured = { ...empty, baseMedian, currentMedian, pValue: mannWhitneyU(c, b).pValue };
  if (baseMedian <= 0) return { ...measured, verdict: 'not-enough-data', reason: 'the base median is 0, so there is no relative change' };
  const change = (currentMedian - baseMedian) / baseMedian;
  const withChange = { ...measured, change };
  if (Math.min(b.length, c.length) < minSamplesPerSide) {
    return {
      ...withChange,
      verdict: 'not-enough-data',
      reason: `${b.length} and ${c.length} samples, too few to judge (${minSamplesPerSide} a side at least): measure longer or repeat`,
    };
  }
  const higher = change > maxRegression;
  const lower = change < -maxRegression;
  if (!higher && !lower) return { ...withChange, verdict: 'no-change', reason: `within the ${tolerance}` };
  const worse = direction === 'lower-is-better' ? higher : lower;
  return { ...withChange, ...judgeBeyondTolerance(b, c, higher, worse, maxRegression, { worse: 'worse', better: 'better' }) };
}

/**
 * The verdict on a change past the tolerance (`higher`: upwards): significant only when current
 * differs (α = 0.05), the same way, from base moved to the tolerance's edge; then a regression
 * when `worse`, else an improvement. `words` says worse and better for the metric.
 */
export function judgeBeyondTolerance(
  base: readonly number[],
  current: readonly number[],
  higher: boolean,
  worse: boolean,
  maxRegression: number,
  words: { worse: string; better: string },
): Pick<SampleComparison, 'verdict' | 'reason' | 'pBeyondTolerance'> {
  const tolerance = `${formatTolerance(maxRegression)} tolerance`;
  const edge = higher ? 1 + maxRegression : 1 - maxRegression;
  const beyond = mannWhitneyU(
    current,
    base.map((value) => value * edge),
  );
  const significant = beyond.pValue < alpha && (higher ? beyond.z > 0 : beyond.z < 0);
  const p = formatP(beyond.pValue);
  const pBeyondTolerance = beyond.pValue;
  if (!significant) return { pBeyondTolerance, verdict: 'no-change', reason: `beyond the ${tolerance}, but not significantly (${p}): could be noise` };
  return worse
    ? { pBeyondTolerance, verdict: 'regression', reason: `${words.worse} by more than the ${tolerance}, significantly (${p})` }
    : { pBeyondTolerance, verdict: 'improvement', reason: `${words.better} by more than the ${tolerance}, significantly (${p})` };
}

/** 'p = 0.032', 'p < 0.001'. */
export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${Number(p.toPrecision(2))}`;
}

/** 0.1 → '10%', 0.025 → '2.5%'. */
export function formatTolerance(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))}%`;
}
