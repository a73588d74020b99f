/**
 * The capacity search: the highest request rate that passes, found with a coarse step-up and
 * then bisection. It knows nothing of HTTP: `measure(rps)` runs one step at that rate and says
 * whether it passed, so the search is tested against synthetic servers in microseconds.
 */

/** What the search needs to know of a measured step; the runner's steps carry much more. */
export interface SearchStep {
  targetRps: number;
  passed: boolean;
  /**
   * The step failed in a way that may be the machine's or the client's, not the server's (see
   * src/analysis/capacity/doubt.ts): the search measures the rate again, up to `retries` times,
   * before it believes a doubtful failure. A doubtful pass counts: a disturbance can only make
   * a server look worse.
   */
  doubtful?: boolean;
}

export interface SearchOptions {
  /** The first rate tried, in requests per second. */
  startRps: number;
  /** Each step-up multiplies the rate by this (and each step-down divides it). Default 1.5. */
  growth?: number;
  /** Bisection stops when (lowest fail − highest pass) ÷ highest pass is at most this. Default 0.05. */
  precision?: number;
  /** Steps measured at most, step-up, step-down and bisection together. Default 12. */
  maxSteps?: number;
  /** No rate above this is tried. Default: none. */
  maxRps?: number;
  /** No rate below this is tried. Default 1. */
  minRps?: number;
  /** How many times a rate whose step failed doubtfully is measured again. Default 2. */
  retries?: number;
  /** Awaited before a rate is measured again (a pause for the disturbance to pass). */
  beforeRetry?: () => Promise<void>;
  /** Aborted: the search ends after the step in progress; that step does not count. */
  signal?: AbortSignal;
}

/**
 * Why the search ended.
 * - converged: a passing and a failing rate within `precision` of each other.
 * - max-rps: every rate up to maxRps passed; the capacity is at least that (a lower bound).
 * - max-steps: out of steps before converging; the capacity is the highest pass so far.
 * - min-rps: even minRps failed: no capacity.
 * - interrupted: the signal was aborted.
 */
export type SearchStop = 'converged' | 'max-rps' | 'max-steps' | 'min-rps' | 'interrupted';

export interface SearchResult<S extends SearchStep> {
  /** Every step measured, in the order measured (the one in progress at an abort included). */
  steps: S[];
  /**
   * For each step, whether it moved the bracket: false for a doubtful failure that was
   * measured again, and for the step in progress at an abort.
   */
  counted: boolean[];
  /**
   * The highest passing rate below every failing rate measured; null when nothing passed. By
   * construction no counted step at or below it failed: the bracket only ever narrows.
   */
  capacityRps: number | null;
  /** The lowest failing rate above the capacity; null when none failed. */
  failedRps: number | null;
  stop: SearchStop;
}

const defaults = { growth: 1.5, precision: 0.05, maxSteps: 12, maxRps: Number.POSITIVE_INFINITY, minRps: 1, retries: 2 };

/**
 * Finds the highest rate that passes:
 * 1. from startRps, multiply by `growth` while steps pass (never above maxRps);
 *    if the very first step fails, divide by `growth` until one passes (never below minRps);
 * 2. bisect between the highest pass and the lowest fail until they are within `precision`.
 *
 * Each rate is measured once, or again when its failure was doubtful (see SearchStep). A noisy
 * pass near the knee can only raise the lower end of the bracket up to a rate below every
 * counted failure, so the capacity reported is always a rate that was measured to pass and is
 * below every rate whose failure counted.
 */
export async function findCapacity<S extends SearchStep>(measure: (rps: number) => Promise<S>, options: SearchOptions): Promise<SearchResult<S>> {
  const { growth, precision, maxSteps, maxRps, minRps, retries } = { ...defaults, ...definedOnly(options) };
  if (!(growth > 1)) throw new RangeError(`growth must be above 1, but is ${growth}`);
  if (!(precision > 0)) throw new RangeError(`precision must be above 0, but is ${precision}`);
  if (!(minRps > 0) || !(maxRps >= minRps)) throw new RangeError(`need 0 < minRps ≤ maxRps, but they are ${minRps} and ${maxRps}`);
  const steps: S[] = [];
  const counted: boolean[] = [];
  // the highest pass and the lowest fail so far
  const bracket: { pass: number | null; fail: number | null } = { pass: null, fail: null };
  const result = (stop: SearchStop): SearchResult<S> => ({ steps, counted, capacityRps: bracket.pass, failedRps: bracket.fail, stop });

  /**
   * Measures one rate, again while its failure was doubtful and retries and steps are left;
   * the last measurement counts. False when the search must end (aborted).
   */
  const step = async (rps: number): Promise<boolean> => {
    for (let attempt = 0; ; attempt += 1) {
      if (options.signal?.aborted) return false;
      if (attempt > 0) await options.beforeRetry?.();
      const measured = await measure(rps);
      steps.push(measured);
      counted.push(false);
      if (options.signal?.aborted) return false;
      const again = !measured.passed && measured.doubtful === true && attempt < retries && steps.length < maxSteps;
      if (again) continue;
      counted[counted.length - 1] = true;
      if (measured.passed) bracket.pass = Math.max(bracket.pass ?? rps, rps);
      else bracket.fail = Math.min(bracket.fail ?? rps, rps);
      return true;
    }
  };

  // 1. bracket the capacity
  let rps = clampRate(options.startRps, minRps, maxRps);
  for (;;) {
    if (steps.length >= maxSteps) return result('max-steps');
    if (!(await step(rps))) return result('interrupted');
    if (bracket.pass !== null && bracket.fail !== null) break;
    // the last step is the one that counted
    const passed = steps.at(-1)?.passed === true;
    if (passed) {
      if (rps >= maxRps) return result('max-rps');
      rps = clampRate(rps * growth, minRps, maxRps);
    } else {
      if (rps <= minRps) return result('min-rps');
      rps = clampRate(rps / growth, minRps, maxRps);
    }
  }

  // 2. bisect: the bracket [pass, fail] only ever narrows
  for (;;) {
    const { pass: low, fail: high } = bracket;
    if (low === null || high === null) throw new Error('unreachable: the bracket has both ends');
    if ((high - low) / low <= precision) return result('converged');
    const middle = roundRate((low + high) / 2);
    // rounding can land on an end when the bracket is a few req/s wide: as close as it gets
    if (middle <= low || middle >= high) return result('converged');
    if (steps.length >= maxSteps) return result('max-steps');
    if (!(await step(middle))) return result('interrupted');
  }
}

/**
 * Rates are whole requests per second from 10 up and tenths below: the steps read cleanly in a
 * report, and a finer rate is beyond what a short step can tell apart.
 */
export function roundRate(rps: number): number {
  return rps >= 10 ? Math.round(rps) : Math.max(0.1, Math.round(rps * 10) / 10);
}

function clampRate(rps: number, minRps: number, maxRps: number): number {
  return Math.min(maxRps, Math.max(minRps, roundRate(rps)));
}

function definedOnly(options: SearchOptions): Partial<typeof defaults> {
  return Object.fromEntries(Object.entries(options).filter(([key, value]) => key in defaults && value !== undefined));
}
