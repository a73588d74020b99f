import type { Phase } from '../../contract/common.js';
import type { LoadResult } from '../drivers/load-result.js';
import type { LoadRecording, PhaseStamps } from './load-recording.js';
import { summariseWindow } from './measurement-window.js';
import { summariseByRequest } from './by-request.js';

/** The figures of a recording (one generator's, or several merged), computed once. */
export function summariseRecording(recording: LoadRecording): LoadResult {
  const { stamps, open } = recording;
  const durationMs = Math.max(1, stamps.measuredMs);
  const figures = summariseWindow(recording, durationMs);
  const result: LoadResult = {
    phases: phasesOf(stamps),
    ...figures,
    interrupted: recording.interrupted,
    ...(recording.generators.length > 0 ? { generators: recording.generators } : {}),
    ...(recording.byRequest ? { byRequest: summariseByRequest(recording.byRequest, durationMs, recording.sliceMs) } : {}),
    ...(recording.flow ? { flow: recording.flow } : {}),
  };
  if (!open) return result;
  const achievedRps = stamps.measuredMs > 0 ? open.sent / (durationMs / 1000) : 0;
  return {
    ...result,
    requests: { ...figures.requests, targetRps: open.targetRps, sentRps: achievedRps, dropped: open.dropped, delayed: open.delayed },
    open: {
      targetRps: open.targetRps,
      achievedRps,
      dropped: open.dropped,
      delayed: open.delayed,
      serviceLatencyMs: open.service.count > 0 ? open.service.summary() : null,
      maxConnectionsUsed: open.maxConnectionsUsed,
      meanInFlight: open.meanInFlight,
    },
  };
}

function phasesOf(stamps: PhaseStamps): { warmup: Phase; measured: Phase } {
  const iso = (epochMs: number) => new Date(epochMs).toISOString();
  return {
    warmup: { startedAt: iso(stamps.loadStartMs), endedAt: iso(stamps.measuredStartMs), durationMs: stamps.warmupMs },
    measured: { startedAt: iso(stamps.measuredStartMs), endedAt: iso(stamps.measuredEndMs), durationMs: stamps.measuredMs },
  };
}
