import type { LoadModel } from '../../contract/vocabulary.js';
import type { ProcessSample } from '../probes/raw-samples.js';
import type { LiveBatch } from './live-batch.js';

/**
 * The live outputs' view of a run: told when a trial starts, then fed its drivers' batches and
 * its probes' samples as they come, and told when it ends. Called on the main thread, from the
 * event loop that runs the trial, so an observer must never block: it keeps counts and renders
 * when asked (a scrape, a refresh). The load offered now (a stage's rate, say) reaches it in the
 * batches: a driver reports it through its LiveLevels.
 */
export interface LiveObserver {
  trial(info: LiveTrialInfo): LiveTrial;
}

export interface LiveTrial {
  /** A batch of one generator's answers (see LiveBatch). */
  responses(batch: LiveBatch): void;
  /** One probe reading of the deployment's processes. */
  processes(samples: readonly ProcessSample[]): void;
  /** The trial is over: its counts are final, its processes no longer its own. */
  end(): void;
}

/** What the live outputs know of a trial from the start. */
export interface LiveTrialInfo {
  topology: string;
  workload: string;
  model: LoadModel;
  /** The `request` label of each request of the mix, by index (see requestLabel). */
  requests: readonly string[];
  warmupMs: number;
  durationMs: number;
  /** A staged trial's stages: the terminal shows where the trial is in them. */
  staged?: LiveStaging;
}

/** A staged load: from `from` (the rate, or the connections) through each stage's target in turn. */
export interface LiveStaging {
  from: number;
  stages: readonly LiveStage[];
}

/** One stage: the offered rate (open model) or connections (closed) moves to `target` over `durationMs`. */
export interface LiveStage {
  durationMs: number;
  target: number;
}

/** Several observers as one; undefined when there are none, so that the drivers count nothing. */
export function observeAll(observers: readonly (LiveObserver | undefined)[]): LiveObserver | undefined {
  const present = observers.filter((observer): observer is LiveObserver => observer !== undefined);
  if (present.length <= 1) return present[0];
  return {
    trial(info) {
      const trials = present.map((observer) => observer.trial(info));
      return {
        responses: (batch) => trials.forEach((trial) => trial.responses(batch)),
        processes: (samples) => trials.forEach((trial) => trial.processes(samples)),
        end: () => trials.forEach((trial) => trial.end()),
      };
    },
  };
}
