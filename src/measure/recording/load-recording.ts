import type { GeneratorHealth } from '../../contract/probes.js';
import type { FlowFigures } from '../../contract/trial.js';
import { mergeByRequest, mergeFlowFigures, type ByRequestRecording } from './by-request.js';
import type { LoadModel, RequestErrorKind } from '../../contract/vocabulary.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { ResponseCounts, WindowRecording } from './measurement-window.js';
import { mergeBuckets } from './buckets.js';

/**
 * Everything one load driver recorded in one trial, raw: the histograms themselves (µs
 * resolution), the counts and the phase stamps. Recordings of generators that shared a load add
 * up exactly (mergeRecordings) and are summarised once (summariseRecording): the same figures as
 * if one generator had recorded every response.
 */
export interface LoadRecording extends WindowRecording {
  model: LoadModel;
  stamps: PhaseStamps;
  /** True when the load was stopped before its measured phase ended. */
  interrupted: boolean;
  /** Open model only. */
  open?: OpenRecording;
  /** The generator threads that drove it, when it ran in several; empty otherwise. */
  generators: GeneratorHealth[];
  /** Per request name; absent from drivers that do not tell requests apart (the fake driver). */
  byRequest?: ByRequestRecording;
  /** A flow's users and data rows; absent when the workload is no flow. */
  flow?: FlowFigures;
}

/**
 * When the phases began and ended, in epoch milliseconds (fractional), and how long each lasted
 * by the recording thread's own monotonic clock (exact: a difference of two epoch times is not).
 */
export interface PhaseStamps {
  loadStartMs: number;
  measuredStartMs: number;
  measuredEndMs: number;
  warmupMs: number;
  measuredMs: number;
}

/** The open model's own record of the measured phase. */
export interface OpenRecording {
  /** The arrival rate this recording's share of the timetable asked for, in requests per second. */
  targetRps: number;
  /** Requests sent during the measured phase (by send time). */
  sent: number;
  dropped: number;
  delayed: number;
  /** From the actual send to the answer. */
  service: LatencyHistogram;
  maxConnectionsUsed: number;
  /** Requests outstanding on average over the measured phase (Little's law). */
  meanInFlight: number;
}

/** Epoch stamps from performance.now() times of this thread. */
export function stampsOf(loadStart: number, measuredStart: number, measuredEnd: number): PhaseStamps {
  const epoch = (at: number) => performance.timeOrigin + at;
  return {
    loadStartMs: epoch(loadStart),
    measuredStartMs: epoch(measuredStart),
    measuredEndMs: epoch(measuredEnd),
    warmupMs: measuredStart - loadStart,
    measuredMs: measuredEnd - measuredStart,
  };
}

/**
 * The recordings of generators that shared one load, as one: histograms added bucket by bucket
 * (the series and slices by their index from each one's measured start), counts summed, the
 * phases from the earliest start to the latest end, and every generator listed.
 */
export function mergeRecordings(recordings: readonly LoadRecording[]): LoadRecording {
  const [first, ...rest] = recordings;
  if (!first) throw new RangeError('no recording to merge');
  if (rest.length === 0) return first;
  for (const other of rest) {
    if (other.model !== first.model) throw new RangeError(`recordings of the ${first.model} and the ${other.model} model cannot be merged`);
    if (other.sliceMs !== first.sliceMs) throw new RangeError(`recordings with ${first.sliceMs} ms and ${other.sliceMs} ms slices cannot be merged`);
  }
  const latency = new LatencyHistogram();
  for (const recording of recordings) latency.add(recording.latency);
  const merged: LoadRecording = {
    model: first.model,
    stamps: mergeStamps(recordings.map((recording) => recording.stamps)),
    interrupted: recordings.some((recording) => recording.interrupted),
    latency,
    seconds: mergeBuckets(recordings.map((recording) => recording.seconds)),
    sliceMs: first.sliceMs,
    slices: mergeBuckets(recordings.map((recording) => recording.slices)),
    counts: mergeCounts(recordings.map((recording) => recording.counts)),
    generators: recordings.flatMap((recording) => recording.generators),
  };
  const byRequest = mergeByRequest(recordings.map((recording) => recording.byRequest));
  if (byRequest) merged.byRequest = byRequest;
  const flow = mergeFlowFigures(recordings.map((recording) => recording.flow));
  if (flow) merged.flow = flow;
  const open = recordings.map((recording) => recording.open);
  if (open.every((figures): figures is OpenRecording => figures !== undefined)) merged.open = mergeOpen(open);
  return merged;
}

function mergeStamps(stamps: readonly PhaseStamps[]): PhaseStamps {
  const loadStartMs = Math.min(...stamps.map((stamp) => stamp.loadStartMs));
  const measuredStartMs = Math.min(...stamps.map((stamp) => stamp.measuredStartMs));
  const measuredEndMs = Math.max(...stamps.map((stamp) => stamp.measuredEndMs));
  // one stamp that spans them all keeps its exact lengths
  const spanning = stamps.find(
    (stamp) => stamp.loadStartMs === loadStartMs && stamp.measuredStartMs === measuredStartMs && stamp.measuredEndMs === measuredEndMs,
  );
  return spanning ?? { loadStartMs, measuredStartMs, measuredEndMs, warmupMs: measuredStartMs - loadStartMs, measuredMs: measuredEndMs - measuredStartMs };
}

/** Counts of several generators added up. */
export function mergeCounts(counts: readonly ResponseCounts[]): ResponseCounts {
  const merged: ResponseCounts = { errors: 0, timeouts: 0, non2xx: 0, statusCodes: {}, bytes: 0 };
  for (const count of counts) {
    merged.errors += count.errors;
    merged.timeouts += count.timeouts;
    for (const [kind, number] of Object.entries(count.errorKinds ?? {}) as [RequestErrorKind, number][])
      (merged.errorKinds ??= {})[kind] = (merged.errorKinds[kind] ?? 0) + number;
    merged.non2xx += count.non2xx;
    merged.bytes += count.bytes;
    for (const [status, number] of Object.entries(count.statusCodes)) merged.statusCodes[status] = (merged.statusCodes[status] ?? 0) + number;
  }
  return merged;
}

function mergeOpen(figures: readonly OpenRecording[]): OpenRecording {
  const service = new LatencyHistogram();
  for (const figure of figures) service.add(figure.service);
  const sum = (pick: (figure: OpenRecording) => number) => figures.reduce((total, figure) => total + pick(figure), 0);
  return {
    targetRps: sum((figure) => figure.targetRps),
    sent: sum((figure) => figure.sent),
    dropped: sum((figure) => figure.dropped),
    delayed: sum((figure) => figure.delayed),
    service,
    maxConnectionsUsed: sum((figure) => figure.maxConnectionsUsed),
    meanInFlight: sum((figure) => figure.meanInFlight),
  };
}
