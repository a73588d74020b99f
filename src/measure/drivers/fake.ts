import { InputError } from '../../contract/errors.js';
import { MeasurementWindow } from '../recording/measurement-window.js';
import { LatencyHistogram } from '../recording/latency-histogram.js';
import { stampsOf, type LoadRecording } from '../recording/load-recording.js';
import { loadDriver, type LoadDriver, type LoadDrivers, type LoadModel, type LoadRequest } from './driver.js';
import { partOf, wholeLoad } from './load-share.js';
import { OpenSchedule } from './open/open-schedule.js';
import { LiveTally } from '../live/live-tally.js';

/**
 * The fake load of the tests of the CLI, the reports and the gates, where what the server does
 * under real load is not the point: no socket, no timer, no waiting. Every request of the
 * trial is computed: its answer takes `latencyMs` (± `jitter` of it, spread evenly over the
 * requests in a fixed order), and a share `errorRate` of them fail. The phases are stamped as if
 * the load had just run (they end now; with a start time, they begin then), so a trial is as
 * long in its report as it was asked to be, and two runs with the same settings give the same
 * figures. A share of the load computes its part: its connections, or its requests of the
 * timetable; the shares' recordings merged are the whole load's.
 */
export interface FakeLoad {
  latencyMs: number;
  /** The spread of latencies, a share of latencyMs: each lies within latencyMs × (1 ± jitter). Default 0.05. */
  jitter?: number;
  /** The share of requests that fail (no answer). Default 0. */
  errorRate?: number;
}

/** The environment variable that turns the fake on, as JSON (see FakeLoad). Tests only. */
export const fakeLoadVariable = 'LOADLAB_FAKE_LOAD';

export function fakeDrivers(fake: FakeLoad): LoadDrivers {
  return { closed: fakeDriver('closed', fake), open: fakeDriver('open', fake) };
}

/** The fake drivers when the environment asks for them (LOADLAB_FAKE_LOAD); undefined otherwise. */
export function fakeDriversFrom(env: NodeJS.ProcessEnv): LoadDrivers | undefined {
  const text = env[fakeLoadVariable];
  if (text === undefined || text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(`${fakeLoadVariable}: not JSON: ${text}`);
  }
  const { latencyMs, jitter = 0.05, errorRate = 0 } = (parsed ?? {}) as Partial<FakeLoad>;
  const valid = (value: unknown, max: number) => typeof value === 'number' && value >= 0 && value <= max;
  if (!valid(latencyMs, 60_000) || latencyMs === 0 || !valid(jitter, 0.99) || !valid(errorRate, 1)) {
    throw new InputError(`${fakeLoadVariable}: expected {"latencyMs": 0 < ms ≤ 60000, "jitter"?: 0–0.99, "errorRate"?: 0–1}, found ${text}`);
  }
  return fakeDrivers({ latencyMs: latencyMs as number, jitter, errorRate });
}

// the fractional parts of i × φ are spread evenly over [0, 1) in any stretch of i: latencies and
// failures without a random generator, the same in every run
const goldenRatio = (Math.sqrt(5) - 1) / 2;
const spread = (index: number, salt: number) => (index * goldenRatio + salt) % 1;

function fakeDriver(model: LoadModel, fake: FakeLoad): LoadDriver {
  return loadDriver(model, (request) => Promise.resolve(computeLoad(model, fake, request)));
}

function computeLoad(model: LoadModel, fake: FakeLoad, request: LoadRequest): LoadRecording {
  const { load } = request;
  const share = request.share ?? wholeLoad;
  const jitter = fake.jitter ?? 0.05;
  const errorRate = fake.errorRate ?? 0;
  const startedAt = request.startAt === undefined ? performance.now() - load.durationMs - load.warmupMs : request.startAt - performance.timeOrigin;
  const measuredStart = startedAt + load.warmupMs;
  const endedAt = measuredStart + load.durationMs;
  request.onMeasuredStart?.(measuredStart);
  const window = new MeasurementWindow(measuredStart, load.durationMs);
  const service = new LatencyHistogram();
  const latencyOf = (index: number) => fake.latencyMs * (1 + jitter * (2 * spread(index, 0.5) - 1));
  const failed = (index: number) => spread(index, 0.25) < errorRate;
  let sent = 0;
  // the whole load is computed at once: its live counts go out in one batch
  const live = request.onLive ? new LiveTally(request.onLive, { inFlight: () => 0 }) : undefined;
  const mixLength = Math.max(1, request.requests.length);
  // each request: when it starts (ms from the start of the warm-up) and its latency; the open
  // model files a request under its intended start, the closed model under its answer
  const record = (index: number, startMs: number, latencyMs: number) => {
    const at = startedAt + startMs + (model === 'open' ? 0 : latencyMs);
    if (at < measuredStart) return;
    sent += 1;
    if (failed(index)) {
      window.recordError(at);
      live?.fail(true, index % mixLength, undefined);
    } else {
      window.recordResponse(at, 200, 64, latencyMs);
      service.recordMs(latencyMs);
      live?.answer(true, index % mixLength, 200, latencyMs);
    }
  };
  const totalMs = load.warmupMs + load.durationMs;
  const schedule = new OpenSchedule(load.rate ?? 1, load.warmupMs, load.durationMs, share, load.stages);
  if (model === 'open' && load.stages) {
    for (let own = 0; own < schedule.total; own += 1) record(schedule.runIndex(own), schedule.offsetMs(own), latencyOf(schedule.runIndex(own)));
  } else if (model === 'open') {
    const rate = load.rate ?? 1;
    for (let index = share.index; (index * 1000) / rate < totalMs; index += share.count) record(index, (index * 1000) / rate, latencyOf(index));
  } else {
    // connection c's requests take their latencies from index c × 1,000,000 on: the same whichever share runs it
    for (let connection = share.index; connection < load.connections; connection += share.count) {
      for (let startMs = 0, index = connection * 1_000_000; ; index += 1) {
        const latencyMs = latencyOf(index);
        if (startMs + latencyMs > totalMs) break;
        record(index, startMs, latencyMs);
        startMs += latencyMs;
      }
    }
  }
  live?.stop();
  const recording: LoadRecording = {
    model,
    stamps: stampsOf(startedAt, measuredStart, endedAt),
    interrupted: false,
    ...window.recording(),
    generators: [],
  };
  if (model === 'closed') return recording;
  const rate = schedule.measuredRps;
  const maxConnections = Math.max(1, partOf(load.maxConnections ?? load.connections, share));
  return {
    ...recording,
    open: {
      targetRps: rate,
      sent,
      dropped: 0,
      delayed: 0,
      service,
      maxConnectionsUsed: Math.min(maxConnections, Math.ceil((rate * fake.latencyMs * (1 + jitter)) / 1000)),
      meanInFlight: (rate * service.summary().mean) / 1000,
    },
  };
}
