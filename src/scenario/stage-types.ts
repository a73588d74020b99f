/** A duration: a string with a unit ('500ms', '10s', '2m') or a number of milliseconds. */
export type DurationInput = string | number;

/**
 * One stage of a load that moves: over `duration`, the open model's arrival rate (requests/s)
 * or the closed model's connections move linearly to `target`; the same target as before holds.
 */
export interface StageConfig {
  duration: DurationInput;
  target: number;
}

/** A validated stage. */
export interface StageSpec {
  durationMs: number;
  target: number;
}

/** The most connections a closed-model stage may ask for: far beyond, a typo. */
export const maxStageConnections = 100_000;

/** A load held at its start: a capacity search sets its own rate and durations, where a workload's stages mean nothing. */
export function withoutStages<T extends { stages?: StageSpec[] }>(load: T): Omit<T, 'stages'> {
  const { stages: _stages, ...held } = load;
  return held;
}
