import type { CapacityStep } from '../../contract/capacity-report.js';
import { formatLatency, formatRps, groupThousands } from '../../text/format.js';

/** What a step is judged on. */
export type StepFigures = Pick<
  CapacityStep,
  'targetRps' | 'achievedRps' | 'latencyMs' | 'responses' | 'errors' | 'timeouts' | 'non2xx' | 'dropped' | 'delayed' | 'maxConnections' | 'connectionsUsed'
>;

export interface StepCriteria {
  /** slo.p99 of the scenario, in milliseconds. */
  p99Ms: number;
  /** Share of requests (0 to 1) that may fail: the scenario's errorTolerance, 0 by default. */
  errorTolerance: number;
  /** The achieved rate must reach this fraction of the target. */
  minAchievedRatio: number;
}

/**
 * A step sent at least this share of its target rate, or it does not show that the server
 * sustained the rate: 95%, as the issue says. Below it the sender fell behind (requests waited
 * for connections until the phase ended), and what looks like a rate is a lower one.
 */
export const defaultMinAchievedRatio = 0.95;

/**
 * Whether a step sustained its rate within the target: p99 from the intended start at or below
 * slo.p99, no more failed requests (errors, timeouts, non-2xx) than the scenario tolerates, no
 * request dropped, and the achieved rate at least minAchievedRatio of the target. Every
 * condition that failed is named in `reason`, with its figure and its limit. A step with no
 * response fails: there is no latency to judge, and a server that answers nothing sustains nothing.
 */
export function judgeStep(step: StepFigures, criteria: StepCriteria): { passed: boolean; reason: string } {
  const problems: string[] = [];
  const attempted = step.responses + step.errors;
  if (step.responses === 0) problems.push('no response');
  else if (step.latencyMs.p99 > criteria.p99Ms) problems.push(`p99 ${formatLatency(step.latencyMs.p99)} above ${formatLatency(criteria.p99Ms)}`);
  const failed = step.errors + step.non2xx;
  if (failed > 0 && (attempted === 0 || failed / attempted > criteria.errorTolerance)) problems.push(failedRequests(step));
  if (step.dropped > 0) {
    problems.push(`${groupThousands(step.dropped)} dropped (all ${groupThousands(step.maxConnections)} connections busy)`);
  }
  const achievedRatio = step.targetRps > 0 ? step.achievedRps / step.targetRps : 0;
  if (achievedRatio < criteria.minAchievedRatio) {
    problems.push(`sent ${formatRps(step.achievedRps)} of ${formatRps(step.targetRps)} req/s (${Math.round(achievedRatio * 100)}%)`);
  }
  return { passed: problems.length === 0, reason: problems.join('; ') };
}

function failedRequests(step: StepFigures): string {
  const parts: string[] = [];
  if (step.errors > 0)
    parts.push(
      `${groupThousands(step.errors)} ${step.errors === 1 ? 'error' : 'errors'}${step.timeouts > 0 ? ` (${groupThousands(step.timeouts)} timed out)` : ''}`,
    );
  if (step.non2xx > 0) parts.push(`${groupThousands(step.non2xx)} non-2xx`);
  return parts.join(', ');
}

/** Whether the step met every criterion but the latency one (errors, drops, the rate sent). */
export function onlyLatencyAtFault(step: StepFigures, criteria: StepCriteria): boolean {
  return judgeStep(step, { ...criteria, p99Ms: Number.POSITIVE_INFINITY }).passed;
}
