import { roundRate, type SearchStep } from './search.js';

/**
 * The confirmation after the search: the rate it found is held for longer than a step (3 steps'
 * worth by default), because a 2 s step near the knee can pass by luck — a quiet second or two on
 * a shared machine — and a capacity that fails when it is run again is not one. Like the search,
 * it knows nothing of HTTP: `measure(rps)` holds one rate for the confirmation's length.
 */
export interface ConfirmOptions {
  /** Rates tried at most (the found one, then each a step down). Default 4. */
  attempts?: number;
  /** Each failed attempt multiplies the rate by this. Default 0.95. */
  stepDown?: number;
  /** A doubtful failure (see SearchStep) is measured again at the same rate this many times (not an attempt). Default 1. */
  retries?: number;
  beforeRetry?: () => Promise<void>;
  /** No rate below this is tried. Default 1. */
  minRps?: number;
  signal?: AbortSignal;
}

export interface ConfirmResult<S extends SearchStep> {
  /** Every hold measured, in order. */
  steps: S[];
  /** For each step, whether it counted: false for a doubtful failure measured again, and one cut short by an abort. */
  counted: boolean[];
  /** The rate that held; null when none did (or the confirmation was interrupted before one did). */
  confirmedRps: number | null;
  /** The lowest rate whose hold failed (counted); null when none failed. */
  failedRps: number | null;
  interrupted: boolean;
}

/** The confirmation's defaults; the CLI's help quotes them. */
export const confirmDefaults = { attempts: 4, stepDown: 0.95, retries: 1, minRps: 1 };

/** Holds foundRps; when that fails, a step down, until one holds or the attempts run out. */
export async function confirmCapacity<S extends SearchStep>(
  measure: (rps: number) => Promise<S>,
  foundRps: number,
  options: ConfirmOptions = {},
): Promise<ConfirmResult<S>> {
  const { attempts, stepDown, retries, minRps } = {
    ...confirmDefaults,
    ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
  } as typeof confirmDefaults & ConfirmOptions;
  if (!(stepDown > 0 && stepDown < 1)) throw new RangeError(`stepDown must be between 0 and 1, but is ${stepDown}`);
  const steps: S[] = [];
  const counted: boolean[] = [];
  let failedRps: number | null = null;
  const result = (confirmedRps: number | null, interrupted: boolean): ConfirmResult<S> => ({ steps, counted, confirmedRps, failedRps, interrupted });
  let rps = roundRate(foundRps);
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    for (let retry = 0; ; retry += 1) {
      if (options.signal?.aborted) return result(null, true);
      if (retry > 0) await options.beforeRetry?.();
      const step = await measure(rps);
      steps.push(step);
      counted.push(false);
      if (options.signal?.aborted) return result(null, true);
      if (!step.passed && step.doubtful === true && retry < retries) continue;
      counted[counted.length - 1] = true;
      if (step.passed) return result(rps, false);
      failedRps = Math.min(failedRps ?? rps, rps);
      break;
    }
    const lower = roundRate(rps * stepDown);
    if (lower < minRps || lower >= rps) break;
    rps = lower;
  }
  return result(null, false);
}
