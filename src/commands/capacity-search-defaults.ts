import { confirmDefaults } from '../measure/capacity/confirm.js';

/**
 * The capacity search's parameters: those a capacity option can change are its defaults (help
 * quotes them from here), the rest are fixed. Why these: src/measure/capacity/search.ts and
 * docs/capacity-and-scaling.md.
 */
export const searchDefaults = {
  /** Each step's measured phase (--step-duration) and warm-up (--step-warmup). */
  stepDurationMs: 2000,
  stepWarmupMs: 500,
  /** --max-steps. */
  maxSteps: 15,
  /** ×1.5 a step up: from half the probe's throughput, the second or third step brackets a CPU-bound server. */
  growth: 1.5,
  /** Bisection to 5%: finer than a 2 s step can tell apart on a shared machine. */
  precision: 0.05,
  probeDurationMs: 1000,
  cooldownMs: 500,
  /** A failure while other processes took the machine is measured again, twice at most, after a pause. */
  retries: 2,
  retryPauseMs: 1000,
  /** The found rate is held for this many steps' worth (--confirm): long enough that a lucky step does not make a capacity. */
  confirmSteps: 3,
  /**
   * Then 5% lower each time, the search's own precision, down to 86% at most. A coarser step made
   * the capacity bimodal: near the knee a 3 s hold at the rate found fails now and then, and a
   * 10% step down then reported 215 req/s beside 241 and 247 for the same server.
   */
  confirmAttempts: confirmDefaults.attempts,
  confirmStepDown: confirmDefaults.stepDown,
} as const;
