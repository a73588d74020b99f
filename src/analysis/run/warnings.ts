import type { Comparison } from '../../contract/run-report.js';
import type { TrialResult } from '../../contract/trial.js';
import type { RunWarning } from '../../contract/run-warning.js';
import { formatNon2xx, groupThousands } from '../../text/format.js';

/** A measured phase shorter than this gives too few per-second points to judge stability. */
const shortPhaseMs = 5000;
/** Beyond this share of all cores busy, the load generator and the app compete for CPU. */
const saturatedHostCpu = 0.9;

/** Warnings about the run as a whole, as data every renderer shows. */
export function runWarnings(trials: readonly TrialResult[], interrupted: boolean): RunWarning[] {
  const warnings: RunWarning[] = [];
  if (interrupted)
    warnings.push({ id: 'interrupted', text: 'the run was interrupted: trials not listed did not run, and the last one may be shorter than planned' });
  for (const trial of trials) {
    const name = `${trial.topology} on ${trial.workload}`;
    if (trial.requests.total === 0) warnings.push({ id: 'no-response', text: `${name}: no response was received in the measured phase` });
    const { errors, timeouts, non2xx, statusCodes } = trial.requests;
    // a failed errors verdict says the same, and a failure is said once
    const saidByVerdict = trial.verdicts.some((verdict) => verdict.id === 'errors' && verdict.status === 'fail');
    if (errors + non2xx > 0 && !saidByVerdict)
      warnings.push({
        id: 'errors',
        text: `${name}: ${groupThousands(errors)} errors (${groupThousands(timeouts)} timeouts) and ${formatNon2xx(non2xx, statusCodes)}`,
      });
    const outOfFiles = trial.requests.errorKinds?.['open-files'] ?? 0;
    if (outOfFiles > 0) warnings.push({ id: 'open-files', text: outOfFilesWarning(name, outOfFiles, trial.load.maxConnections ?? trial.load.connections) });
    // a deployment's warning holds for every trial on it: said once per topology
    for (const warning of trial.warnings ?? []) {
      const text = `${trial.topology}: ${warning}`;
      if (!warnings.some((said) => said.text === text)) warnings.push({ id: 'deployment', text });
    }
    const hostCpu = trial.probes.hostCpu?.mean;
    if (hostCpu !== undefined && hostCpu >= saturatedHostCpu) {
      warnings.push({
        id: 'host-cpu',
        text: `${name}: the machine's cores were ${Math.round(hostCpu * 100)}% busy: loadlab and the app competed for CPU, so the app had less than the whole machine`,
      });
    }
  }
  const shortest = Math.min(...trials.map((trial) => trial.phases.measured.durationMs));
  if (trials.length > 0 && shortest < shortPhaseMs) {
    warnings.push({
      id: 'short-phase',
      text: `measured phases as short as ${Math.round(shortest)} ms: fine for a smoke test, too short to trust small differences`,
    });
  }
  return warnings;
}

/**
 * The one cause of errors that is loadlab's own: connections it could not open, which made the
 * load lighter than asked, so the trial's figures are not those of the load asked for.
 */
function outOfFilesWarning(name: string, errors: number, connections: number): string {
  return `${name}: ${errors} of the errors were connections loadlab could not open because it ran out of open files (EMFILE): fewer than the ${connections} connections asked for were open, and the load was lighter than asked; raise the limit (ulimit -n, loadlab doctor says how far)`;
}

/**
 * Warnings about the comparisons: a pair of topologies that did not serve the same thing (the
 * comparison is not like for like), and a compareTo topology that did not run on a workload.
 */
export function comparisonWarnings(comparisons: readonly Comparison[], compareTo: string | null): RunWarning[] {
  const warnings: RunWarning[] = [];
  for (const workload of [...new Set(comparisons.map((comparison) => comparison.workload))]) {
    const baseline = comparisons.find((comparison) => comparison.workload === workload)?.baseline;
    if (compareTo !== null && baseline !== undefined && baseline !== compareTo) {
      warnings.push({
        id: 'compare-to',
        text: `compareTo '${compareTo}' did not run on ${workload}: compared against ${baseline}, the first topology that did`,
      });
    }
  }
  for (const comparison of comparisons) {
    if (comparison.parity === null || comparison.parity.ok) continue;
    warnings.push({
      id: 'parity',
      text: `${comparison.topology} and ${comparison.baseline} on ${comparison.workload} did not serve the same responses (${comparison.parity.differences.join('; ')}): comparing their figures is not like for like`,
    });
  }
  return warnings;
}
