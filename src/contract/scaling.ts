import type { TopologyKindName } from './vocabulary.js';

/*
 * A scaling curve: one topology swept over instance counts (`instances: [1, 2, 4, 'cores']`) on
 * one workload, with the Universal Scalability Law fitted to it. Part of `loadlab/run@1`
 * (RunReport.scaling).
 */

/** One count of the sweep, from its trial (the median repeat by rps with --repeat). */
export interface ScalingPoint {
  instances: number;
  /** The trial's topology, e.g. 'cluster×2'. */
  topology: string;
  rps: number;
  /** Null when the count received no response. */
  p99Ms: number | null;
  /** rps ÷ the rps of the smallest count; null when that served nothing. */
  speedUp: number | null;
  /** speedUp ÷ (instances ÷ the smallest count): 1 means every instance added its full share. */
  efficiency: number | null;
}

/**
 * The Universal Scalability Law, C(N) = λN ÷ (1 + σ(N − 1) + κN(N − 1)), fitted to the points by
 * least squares (Levenberg–Marquardt): λ the throughput of one instance without contention, σ
 * the contention (the share of the work that queues for something shared), κ the coherency
 * cost (the pairwise cost of keeping instances in agreement, which makes throughput fall past
 * a peak).
 */
export interface UslFit {
  lambdaRps: number;
  sigma: number;
  kappa: number;
  /** 1 − residual ÷ total sum of squares of the measured rps. */
  rSquared: number;
  /** N* = √((1 − σ) ÷ κ), where throughput peaks; null when κ is 0 (no peak: it levels off at λ ÷ σ). */
  peakInstances: number | null;
  /** C(N*), or λ ÷ σ when there is no peak (the ceiling); null when neither exists (σ and κ both 0: linear). */
  peakRps: number | null;
}

export interface ScalingCurve {
  /** The sweep's name (the topology as the scenario names it). */
  topology: string;
  kind: TopologyKindName;
  workload: string;
  /** The machine's cores when it ran: counts above them share cores. */
  cores: number;
  /** By instances, smallest first. */
  points: ScalingPoint[];
  /** Null when the points cannot support one (fewer than 3 counts, nothing served); the notes say why. */
  fit: UslFit | null;
  /** What the curve and its fit cannot tell, in plain words. */
  notes: string[];
}
