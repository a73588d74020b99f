import type { ByRequestRecorder } from '../../recording/by-request.js';
import type { LatencyHistogram } from '../../recording/latency-histogram.js';
import type { MeasurementWindow } from '../../recording/measurement-window.js';
import { causeOf, type Exchange } from './exchange.js';
import type { StepAnswer } from './open-flow.js';

/**
 * An ended request of the open model's measured phase, recorded at the time of its intended
 * start: its latency from there, its service time from the send, and its request's figures; a
 * flow's step with what its checks found (a failed check or a hook that threw is an error of its kind).
 */
export function recordStep(
  into: { window: MeasurementWindow; service: LatencyHistogram; byRequest: ByRequestRecorder },
  name: string,
  exchange: Exchange,
  error: Error | undefined,
  at: number,
  answer: StepAnswer | undefined,
): void {
  if (error) {
    into.window.recordError(exchange.intendedAt, causeOf(error));
    into.byRequest.recordError(name, exchange.intendedAt);
    return;
  }
  const latencyMs = at - exchange.intendedAt;
  const failure = answer?.failure;
  if (failure) into.window.recordError(exchange.intendedAt, failure.kind);
  else into.window.recordResponse(exchange.intendedAt, exchange.statusCode, exchange.bytes, latencyMs, answer?.statusExpected);
  into.service.recordMs(at - exchange.sentAt);
  const unexpected = !answer?.statusExpected && (exchange.statusCode < 200 || exchange.statusCode >= 300);
  into.byRequest.recordAnswer(name, exchange.intendedAt, latencyMs, failure?.kind ?? (unexpected ? 'status' : undefined), answer?.checked);
}
