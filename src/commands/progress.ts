import type { SkippedTopology } from '../contract/common.js';
import type { RequestCounts } from '../contract/trial.js';
import type { DeploymentEvent } from '../measure/deployments.js';
import type { RunEvent } from '../measure/run-scenario.js';
import { formatBytes, formatLatency, formatNon2xx, formatRps } from '../text/format.js';
import type { RecentFigures } from '../measure/live/recent-figures.js';
import { renderLiveBlock } from './live-view.js';

export interface ProgressOutput {
  isTTY: boolean;
  write(text: string): void;
}

/**
 * Turns run events into what a person watching sees on stderr: on a terminal, a live block
 * rewritten in place (the progress line, and with `recent` the last second's rate, p50, p99 and
 * errors, and the stage a staged trial is in); plain lines otherwise (CI logs), never the block.
 */
export function progressPrinter(output: ProgressOutput, recent?: RecentFigures): (event: RunEvent) => void {
  // lines of the live block on screen, the cursor at the end of its last
  let liveLines = 0;
  const clearLive = () => {
    if (liveLines > 1) output.write(`\x1b[${liveLines - 1}A`);
    if (liveLines > 0) output.write('\r\x1b[J');
    liveLines = 0;
  };
  const line = (text: string) => {
    clearLive();
    output.write(`${text}\n`);
  };
  return (event) => {
    // in an A/B run every line says which side it is about
    const variant = event.type === 'trial-done' ? event.trial.variant : event.variant;
    const side = variant ? `[${variant}] ` : '';
    switch (event.type) {
      case 'deployment-starting':
        line(`${side}starting ${event.topology}: ${event.description}`);
        break;
      case 'deployment-ready':
        line(`${side}${event.topology} ready at ${event.url} (${event.processes.map((info) => `${info.role} ${info.pid}`).join(', ')})`);
        break;
      case 'trial-progress': {
        const { progress } = event;
        if (!output.isTTY) break;
        const heading = `${side}${event.topology} × ${event.workload}: ${progress.phase === 'warmup' ? 'warming up' : 'measuring'} ${(progress.elapsedMs / 1000).toFixed(0)}/${(progress.totalMs / 1000).toFixed(0)} s`;
        const now = recent?.window();
        const block =
          now && now.info.topology === event.topology && now.info.workload === event.workload
            ? renderLiveBlock({ heading, progress, info: now.info, recent: now.recent })
            : [`${heading}, ${formatRps(progress.recentRps)} req/s`];
        clearLive();
        output.write(block.join('\n'));
        liveLines = block.length;
        break;
      }
      case 'trial-done': {
        const { trial } = event;
        line(
          `${side}${trial.topology} × ${trial.workload}: ${formatRps(trial.requests.rps)} req/s, p50 ${formatLatency(trial.latencyMs?.p50 ?? null)}, p99 ${formatLatency(trial.latencyMs?.p99 ?? null)}, ${trial.requests.errors} errors${outOfFiles(trial.requests)}, ${formatNon2xx(trial.requests.non2xx, trial.requests.statusCodes)}`,
        );
        break;
      }
      case 'deployment-stopped':
        line(`${side}${event.topology} stopped`);
        break;
      case 'connection-plateau': {
        const { plateau } = event;
        const rss = plateau.processes.reduce((sum, entry) => sum + entry.rssBytes, 0);
        line(`${side}${event.topology}: ${plateau.held} of ${plateau.target} idle connections held, RSS ${formatBytes(rss)} in all`);
        break;
      }
      case 'topology-skipped':
        line(`${side}${event.topology} skipped: ${event.reason}`);
        break;
      default: {
        const unhandled: never = event;
        throw new Error(`unhandled run event ${JSON.stringify(unhandled)}`);
      }
    }
  };
}

/**
 * Events printed as they come (unless quiet), and the topologies skipped so far noted from them,
 * for the report kept on disk as the work goes.
 */
export function followProgress<Event extends { type: string }>(
  quiet: boolean,
  print: (event: Event) => void,
): { skipped: SkippedTopology[]; onEvent: (event: Event) => void } {
  const skipped: SkippedTopology[] = [];
  return {
    skipped,
    onEvent: (event) => {
      if (isSkip(event) && !skipped.some((skip) => skip.topology === event.topology)) skipped.push({ topology: event.topology, reason: event.reason });
      if (!quiet) print(event);
    },
  };
}

function isSkip(event: { type: string }): event is Extract<DeploymentEvent, { type: 'topology-skipped' }> {
  return event.type === 'topology-skipped';
}

/** How many errors were connections loadlab could not open for want of open files, when any were. */
function outOfFiles(requests: RequestCounts): string {
  const count = requests.errorKinds?.['open-files'] ?? 0;
  return count > 0 ? ` (${count} out of open files)` : '';
}
