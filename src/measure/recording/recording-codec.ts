import type { RecordingData } from '../../contract/shard.js';
import { LatencyHistogram } from './latency-histogram.js';
import { decodeByRequest, encodeByRequest } from './by-request.js';
import type { LoadRecording } from './load-recording.js';
import type { ResponseCounts } from './measurement-window.js';
import { decodeBucket, encodeBucket } from './buckets.js';

/** A recording as JSON-safe data: for a generator thread's message to the main thread and for a shard file. */
export function encodeRecording(recording: LoadRecording): RecordingData {
  const { open } = recording;
  return {
    model: recording.model,
    stamps: { ...recording.stamps },
    interrupted: recording.interrupted,
    latency: recording.latency.encode(),
    seconds: recording.seconds.map(encodeBucket),
    sliceMs: recording.sliceMs,
    slices: recording.slices.map(encodeBucket),
    counts: copyCounts(recording.counts),
    ...(open ? { open: { ...open, service: open.service.encode() } } : {}),
    generators: recording.generators.map((generator) => ({ ...generator })),
    ...(recording.byRequest ? { byRequest: encodeByRequest(recording.byRequest) } : {}),
    ...(recording.flow ? { flow: structuredClone(recording.flow) } : {}),
  };
}

/** The recording `encodeRecording` made: the same histograms, bucket for bucket. */
export function decodeRecording(data: RecordingData): LoadRecording {
  const { open } = data;
  return {
    model: data.model,
    stamps: { ...data.stamps },
    interrupted: data.interrupted,
    latency: LatencyHistogram.decode(data.latency),
    seconds: data.seconds.map(decodeBucket),
    sliceMs: data.sliceMs,
    slices: data.slices.map(decodeBucket),
    counts: copyCounts(data.counts),
    ...(open ? { open: { ...open, service: LatencyHistogram.decode(open.service) } } : {}),
    generators: data.generators.map((generator) => ({ ...generator })),
    ...(data.byRequest ? { byRequest: decodeByRequest(data.byRequest) } : {}),
    ...(data.flow ? { flow: structuredClone(data.flow) } : {}),
  };
}

function copyCounts(counts: ResponseCounts): ResponseCounts {
  const { errorKinds, ...rest } = counts;
  return { ...rest, statusCodes: { ...counts.statusCodes }, ...(errorKinds ? { errorKinds: { ...errorKinds } } : {}) };
}
