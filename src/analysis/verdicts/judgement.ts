import type { Environment, ProcessInfo, ScenarioSummary } from '../../contract/common.js';
import type { ProcessProbe, ProcessSeriesPoint } from '../../contract/probes.js';
import { isProcessExit, type TrialResult } from '../../contract/trial.js';
import type { Verdict, VerdictStatus } from '../../contract/verdict.js';
import { traitsOf, type TraitsByKind } from '../../scenario/topology-catalogue.js';

/**
 * What a rule reads besides the trial. The scenario and environment are in the RunReport, and
 * the topologies' traits in the catalogue, so a saved report can be judged again.
 */
export interface VerdictContext {
  scenario: Pick<ScenarioSummary, 'slo' | 'scaleWhen' | 'errorTolerance'>;
  environment: Environment;
  /** What each topology kind declares of itself (src/deploy/topologies/index.ts). */
  topologies: TraitsByKind;
  /** Every trial of the run, for a rule that compares a trial with its workload's on other topologies (flow-state); absent when a trial is judged alone. */
  trials?: readonly TrialResult[];
}

/** A verdict without its id: the rule's name is its key in the rule map (./index.ts). */
export type Judgement = Omit<Verdict, 'id'>;

/** One rule: a pure function of a trial and its context. */
export type VerdictRule = (trial: TrialResult, context: VerdictContext) => Judgement;

export function judged(status: Exclude<VerdictStatus, 'no-data'>, value: number, limit: number, message: string): Judgement {
  return { status, value, limit, message };
}

/** The rule's input was not measured: this is never a pass. why: what is missing, in plain words. */
export function notEnoughData(limit: number, why: string): Judgement {
  return { status: 'no-data', value: null, limit, message: `not enough data: ${why}` };
}

/**
 * A process as a person finds it: 'worker 2 (pid 6110)', numbered in the order of the trial's
 * processes when it had more than one of that role, else 'instance (pid 6100)'.
 */
export function processName(process: ProcessInfo, processes: readonly ProcessInfo[]): string {
  const sameRole = processes.filter((other) => other.role === process.role);
  const number = sameRole.length > 1 ? ` ${sameRole.findIndex((other) => other.pid === process.pid) + 1}` : '';
  return `${process.role}${number} (pid ${process.pid})`;
}

/**
 * The samples of a process series that lie in the measured phase, by the rule the probe summary
 * uses: a sample covers the interval before its stamp, so it counts when that interval is mostly
 * inside the phase (t from half an interval after the start to half an interval after the end).
 */
export function measuredPoints(trial: TrialResult, series: readonly ProcessSeriesPoint[]): ProcessSeriesPoint[] {
  const half = trial.probes.intervalMs / 2000;
  const end = trial.phases.measured.durationMs / 1000;
  return series.filter((point) => point.t >= half && point.t <= end + half);
}

/** 'cluster (2 workers)', 'proxy (4 instances)', 'single'; a kind this build does not know (a saved report's) counts 'instance's. */
export function describeTopology(trial: TrialResult, traits: TraitsByKind): string {
  const known = traitsOf(traits, trial.kind);
  const unit = known ? known.instanceUnit : 'instance';
  return unit === null ? trial.topology : `${trial.topology} (${trial.instances} ${unit}${trial.instances === 1 ? '' : 's'})`;
}

/** Seconds for a message: 9 → '9', 4.5 → '4.5'. */
export function formatSeconds(seconds: number): string {
  return String(Math.round(seconds * 10) / 10);
}

/** Names the first few and counts the rest: 'a, b and c', 'a, b, c and 2 more' (never 'and 1 more'). */
export function listNames(names: readonly string[], shown = 3): string {
  const head = names.length === shown + 1 ? names : names.slice(0, shown);
  const rest = names.length - head.length;
  if (rest > 0) return `${head.join(', ')} and ${rest} more`;
  return head.length <= 1 ? head.join('') : `${head.slice(0, -1).join(', ')} and ${head.at(-1)}`;
}

/**
 * When a process exited during the trial, the seconds into the measured phase (0 when it was
 * before the phase): from the exit loadlab recorded on the trial's timeline; in a report without
 * one, from where its samples stop, more than two intervals before the phase ends. Null when it
 * was sampled to the end, or never (which says nothing of an exit).
 */
export function exitedDuringTrial(trial: TrialResult, probe: ProcessProbe): number | null {
  const recorded = (trial.events ?? []).filter(isProcessExit).find((exit) => exit.pid === probe.pid);
  if (recorded) return Math.max(0, recorded.atMs / 1000);
  const last = probe.series.at(-1);
  if (!last) return null;
  const endS = trial.phases.measured.durationMs / 1000;
  return last.t < endS - (2 * trial.probes.intervalMs) / 1000 ? Math.max(0, last.t) : null;
}

/**
 * The processes that exited during the trial, for a rule that lacks data because of it: 'instance
 * (pid 6100) exited 1.5 s into the measured phase'; null when none did (then sampling is the cause).
 */
export function exitedProcesses(trial: TrialResult): string | null {
  const exited = trial.probes.processes.flatMap((probe) => {
    const atS = exitedDuringTrial(trial, probe);
    return atS === null ? [] : [`${processName(probe, trial.probes.processes)} exited ${formatSeconds(atS)} s into the measured phase`];
  });
  return exited.length > 0 ? listNames(exited) : null;
}

/** Why a rule has no samples: the processes that exited when some did, else the rule's own reason. */
export function withExits(trial: TrialResult, why: string): string {
  const exited = exitedProcesses(trial);
  return exited ? `${why}: ${exited}` : why;
}
