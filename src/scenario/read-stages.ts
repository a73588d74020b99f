import { describeValue } from '../text/duration.js';
import type { FieldReader } from './field-reader.js';
import { maxArrivalRate, maxStageConnections, minMeasuredMs, type LoadSettings, type StageSpec } from './types.js';

const stageKeys = ['duration', 'target'] as const;

/**
 * A load's `stages`: `[{ duration: '30s', target: 500 }, …]`. A target is a rate (requests/s, 0 to
 * maxArrivalRate) when the load has one (`open`), else a whole number of connections (0 to
 * maxStageConnections). Every stage must last: a stage of 0 ms would be a jump, which is a short
 * stage. Undefined when there are none.
 */
export function readStages(read: FieldReader, value: unknown, path: string, open: boolean): StageSpec[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    read.report(path, `expected a list of stages such as [{ duration: '30s', target: 500 }], found ${describeValue(value)}`);
    return undefined;
  }
  const stages = value.flatMap((item, index): StageSpec[] => {
    const at = `${path}[${index}]`;
    const stage = read.object(item, at, stageKeys);
    if (!stage) return [];
    if (stage.duration === undefined) read.report(`${at}.duration`, "is required, e.g. '30s'");
    if (stage.target === undefined)
      read.report(`${at}.target`, open ? 'is required: the rate to reach, in requests/s' : 'is required: the connections to reach');
    const durationMs = read.durationMs(stage.duration, `${at}.duration`, 0, 1);
    const target = open ? read.number(stage.target, `${at}.target`, { min: 0, max: maxArrivalRate }, -1) : readConnections(read, stage.target, `${at}.target`);
    return durationMs > 0 && target >= 0 ? [{ durationMs, target }] : [];
  });
  if (stages.length !== value.length) return undefined;
  const totalMs = stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  if (totalMs < minMeasuredMs) read.report(path, `must last at least ${minMeasuredMs} ms together, but last ${totalMs} ms`);
  return stages;
}

function readConnections(read: FieldReader, value: unknown, path: string): number {
  if (value === undefined) return -1;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= maxStageConnections) return value;
  read.report(
    path,
    `expected a whole number of connections between 0 and ${maxStageConnections} (a closed-model load; give the workload a rate for an arrival rate), found ${describeValue(value)}`,
  );
  return -1;
}

/** The settings moving through `stages`, the measured phase their sum; as they were without. */
export function withStages(load: LoadSettings, stages: LoadSettings['stages']): LoadSettings {
  if (!stages) return load;
  return { ...load, stages, durationMs: stages.reduce((sum, stage) => sum + stage.durationMs, 0) };
}

/** A workload's own stages, or those of `load` when it has none and drives the same model. */
export function workloadStages(read: FieldReader, workload: Record<string, unknown>, path: string, load: LoadSettings, open: boolean): LoadSettings['stages'] {
  if (workload.stages !== undefined) return readStages(read, workload.stages, `${path}.stages`, open);
  if (load.stages && open !== (load.rate !== undefined))
    read.report(
      `${path}.${open ? 'rate' : 'stages'}`,
      `load.stages were written for the ${load.rate === undefined ? 'closed' : 'open'} model (targets in ${load.rate === undefined ? 'connections' : 'requests/s'}): give this workload stages of its own`,
    );
  return load.stages;
}
