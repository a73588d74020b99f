import type { CapacityEvent } from '../measure/capacity/run-capacity.js';
import { formatDuration } from '../text/duration.js';
import { formatLatency, formatRps } from '../text/format.js';
import type { OutputStream } from './command-context.js';
import { progressPrinter } from './progress.js';

/** Deployment events as `loadlab run` prints them; a line per probe and per step. */
export function capacityPrinter(context: { stderr: OutputStream }): (event: CapacityEvent) => void {
  const print = progressPrinter({ isTTY: context.stderr.isTTY === true, write: (text) => context.stderr.write(text) });
  return (event) => {
    switch (event.type) {
      case 'probe-done':
        context.stderr.write(
          `${event.topology} × ${event.workload}: closed-model probe ${formatRps(event.probeRps)} req/s; starting at ${formatRps(event.startRps)} req/s\n`,
        );
        break;
      case 'step-done': {
        const { step } = event;
        const holding = event.confirming ? 'confirming ' : '';
        const busy = step.doubt ? ` (doubtful: ${step.doubt})` : '';
        const outcome = step.passed ? `pass${busy}` : `FAIL: ${step.reason}${busy}`;
        context.stderr.write(
          `${event.topology} × ${event.workload}: ${holding}${formatRps(step.targetRps)} req/s → sent ${formatRps(step.achievedRps)}, p99 ${step.responses > 0 ? formatLatency(step.latencyMs.p99) : '—'} · ${outcome}\n`,
        );
        break;
      }
      case 'search-done': {
        const { run } = event;
        const found =
          run.capacityRps === null
            ? run.foundRps === null
              ? 'no rate passed'
              : `found ${formatRps(run.foundRps)} req/s, but no rate could be confirmed`
            : `capacity ${run.failedRps === null ? '≥ ' : ''}${formatRps(run.capacityRps)} req/s`;
        const confirmed = run.confirmation?.confirmedRps ? `, confirmed for ${formatDuration(run.confirmation.durationMs)}` : '';
        context.stderr.write(`${run.topology} × ${run.workload}: ${found}${confirmed} (${run.steps.length} steps, ${run.stop})\n`);
        break;
      }
      default:
        print(event);
    }
  };
}
