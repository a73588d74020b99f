import type { UsersFigures } from '../../contract/attack.js';
import type { TrialResult } from '../../contract/trial.js';
import type { AttackSpec, WorkloadSpec } from '../../scenario/types.js';
import { Slowloris } from './slowloris.js';

/** Runs one trial of a workload on the deployment (probes, load, events): run-scenario's runTrial for this step. */
export type TrialRunner = (workload: WorkloadSpec) => Promise<TrialResult>;

/**
 * A workload with an attack: first the workload alone (what its users get normally), then the
 * attack's slow connections are opened and the workload runs again beside them, on the same
 * deployment (the attack may leave it hurt, so the calm run goes first). The trial is the one
 * under attack, with the attack's figures and the calm run's. The attack's sockets are closed
 * whatever happens. Interrupted before the attack began, the calm trial is what was measured.
 */
export async function runAttackedTrial(
  workload: WorkloadSpec & { attack: AttackSpec },
  url: string,
  runTrial: TrialRunner,
  signal: AbortSignal,
): Promise<TrialResult> {
  const { attack, ...plain } = workload;
  const calm = await runTrial(plain);
  if (signal.aborted) return calm;
  const slowloris = new Slowloris(url, attack);
  try {
    await slowloris.start();
    const attacked = await runTrial(plain);
    return { ...attacked, attack: slowloris.stop(attacked.phases.measured, usersOf(calm)) };
  } finally {
    slowloris.close();
  }
}

/** What a trial's normal users got. */
export function usersOf(trial: TrialResult): UsersFigures {
  const { requests } = trial;
  return {
    total: requests.total,
    rps: requests.rps,
    latencyMs: trial.latencyMs,
    errors: requests.errors,
    timeouts: requests.timeouts,
    non2xx: requests.non2xx,
  };
}
