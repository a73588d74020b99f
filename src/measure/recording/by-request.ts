import type { RequestRecordingData } from '../../contract/shard.js';
import type { FlowFigures, RequestFigures } from '../../contract/trial.js';
import { LatencyHistogram } from './latency-histogram.js';
import { decodeBucket, encodeBucket, mergeBuckets } from './buckets.js';
import { joinSlices, WindowSlices, type Bucket } from './window-slices.js';

/** One request name's raw record of a measured phase: every answer's latency, and its failures. */
export interface RequestRecording {
  latency: LatencyHistogram;
  errors: number;
  checksFailed: number;
  /** Answers judged against the request's `expect`. */
  checked: number;
  /**
   * The same answers and failures in the phase's slices (the trial's slice width), for the
   * regression statistics per request; absent from recordings of versions without them.
   */
  slices?: Bucket[];
}

/** The raw figures per request name: what generator threads and shards hand over, merged exactly. */
export type ByRequestRecording = Record<string, RequestRecording>;

/**
 * Records the measured phase per request name; a name is listed from its first answer or error.
 * Times are performance.now() ms; the phase's slices start at `startedAt`, `sliceMs` wide (the
 * measurement window's, so that a request's windows line up with the trial's).
 */
export class ByRequestRecorder {
  private readonly tallies: Record<string, { tally: RequestRecording; slices: WindowSlices }> = {};

  constructor(
    private readonly startedAt: number,
    private readonly sliceMs: number,
  ) {}

  /** An answer at `at`; `failed`: it counts as an error too (a failed check, a hook that threw, an unexpected status); `checked`: its request has `expect`. */
  recordAnswer(name: string, at: number, latencyMs: number, failed?: 'check' | 'hook' | 'status', checked = false): void {
    const { tally, slices } = this.tally(name);
    tally.latency.recordMs(latencyMs);
    slices.recordResponse(at, latencyMs);
    if (checked) tally.checked += 1;
    if (failed === undefined) return;
    tally.errors += 1;
    slices.recordError(at);
    if (failed === 'check') tally.checksFailed += 1;
  }

  /** A request that got no answer, failed at `at`. */
  recordError(name: string, at: number): void {
    const { tally, slices } = this.tally(name);
    tally.errors += 1;
    slices.recordError(at);
  }

  /** What was recorded so far, raw (the histograms themselves). */
  get recording(): ByRequestRecording {
    return Object.fromEntries(Object.entries(this.tallies).map(([name, { tally, slices }]) => [name, { ...tally, slices: [...slices.recorded] }]));
  }

  private tally(name: string): { tally: RequestRecording; slices: WindowSlices } {
    let entry = this.tallies[name];
    if (!entry) {
      entry = { tally: { latency: new LatencyHistogram(), errors: 0, checksFailed: 0, checked: 0 }, slices: new WindowSlices(this.startedAt, this.sliceMs) };
      this.tallies[name] = entry;
    }
    return entry;
  }
}

/** Several recordings of one load as one: histograms added bucket by bucket, counts summed. */
export function mergeByRequest(recordings: readonly (ByRequestRecording | undefined)[]): ByRequestRecording | undefined {
  const present = recordings.filter((recording): recording is ByRequestRecording => recording !== undefined);
  if (present.length === 0) return undefined;
  const merged: ByRequestRecording = {};
  for (const recording of present) {
    for (const [name, tally] of Object.entries(recording)) {
      const into = (merged[name] ??= { latency: new LatencyHistogram(), errors: 0, checksFailed: 0, checked: 0 });
      into.latency.add(tally.latency);
      into.errors += tally.errors;
      into.checksFailed += tally.checksFailed;
      into.checked += tally.checked;
    }
  }
  // slices only where every share of the load has them: windows from part of the load would mislead the comparison
  for (const [name, into] of Object.entries(merged)) {
    const lists = present
      .map((recording) => recording[name])
      .filter((tally) => tally !== undefined)
      .map((tally) => tally.slices);
    if (lists.every((slices): slices is Bucket[] => slices !== undefined)) into.slices = mergeBuckets(lists);
  }
  return merged;
}

export function encodeByRequest(recording: ByRequestRecording): Record<string, RequestRecordingData> {
  return Object.fromEntries(
    Object.entries(recording).map(([name, tally]) => [
      name,
      {
        latency: tally.latency.encode(),
        errors: tally.errors,
        checksFailed: tally.checksFailed,
        checked: tally.checked,
        ...(tally.slices ? { slices: tally.slices.map(encodeBucket) } : {}),
      },
    ]),
  );
}

export function decodeByRequest(data: Record<string, RequestRecordingData>): ByRequestRecording {
  return Object.fromEntries(
    Object.entries(data).map(([name, tally]) => [
      name,
      {
        latency: LatencyHistogram.decode(tally.latency),
        errors: tally.errors,
        checksFailed: tally.checksFailed,
        checked: tally.checked ?? 0,
        ...(tally.slices ? { slices: tally.slices.map(decodeBucket) } : {}),
      },
    ]),
  );
}

/** The figures per request of a measured phase that lasted `durationMs`, its windows from slices `sliceMs` wide. */
export function summariseByRequest(recording: ByRequestRecording, durationMs: number, sliceMs: number): Record<string, RequestFigures> {
  const seconds = Math.max(1, durationMs) / 1000;
  return Object.fromEntries(
    Object.entries(recording).map(([name, tally]) => {
      const total = tally.latency.count;
      const summary = total > 0 ? tally.latency.summary() : null;
      const figures: RequestFigures = {
        requests: { total, rps: total / seconds },
        latencyMs: summary ? { p50: summary.p50, p90: summary.p90, p99: summary.p99, p999: summary.p999, max: summary.max } : null,
        errors: tally.errors,
        checksFailed: tally.checksFailed,
        ...(tally.checked > 0 ? { checked: tally.checked } : {}),
        ...(tally.slices ? { windows: joinSlices(tally.slices, sliceMs, durationMs) } : {}),
      };
      return [name, figures];
    }),
  );
}

/** The flow figures of several shares of one load, added up (the rows of the file are the same for all). */
export function mergeFlowFigures(figures: readonly (FlowFigures | undefined)[]): FlowFigures | undefined {
  const present = figures.filter((figure): figure is FlowFigures => figure !== undefined);
  const [first] = present;
  if (!first) return undefined;
  const users = present.reduce((sum, figure) => sum + figure.users, 0);
  if (!first.data) return { users };
  const data = { rows: first.data.rows, used: 0, ranOut: 0 };
  for (const figure of present) {
    data.used += figure.data?.used ?? 0;
    data.ranOut += figure.data?.ranOut ?? 0;
  }
  return { users, data };
}
