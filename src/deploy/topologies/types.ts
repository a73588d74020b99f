import type { ProcessInfo } from '../../contract/common.js';
import type { EventAction, ProcessRole } from '../../contract/vocabulary.js';
import type { ToolFacts } from '../../machine/tool-facts.js';
import type { TopologyFields, TopologyTraits } from '../../scenario/topology-catalogue.js';
import type { AppSpec, Runtime, TopologySpecBase } from '../../scenario/types.js';
import type { ProcessOwner } from '../processes.js';

export type { AppSpec } from '../../scenario/types.js';

export interface StartContext {
  owner: ProcessOwner;
  /** Aborted on Ctrl-C: a start in progress gives up and rolls back. */
  signal: AbortSignal;
  /** Environment loadlab adds to every app process (the probe agent's NODE_OPTIONS and folder). */
  probeEnv: Record<string, string>;
}

/** A running deployment of the app: the only live handle in the pipeline. */
export interface Deployment {
  /** Base URL the load goes to, e.g. http://127.0.0.1:40123 (no trailing slash). */
  readonly url: string;
  /** The processes serving right now, with their roles. */
  processes(): ProcessInfo[];
  /** Stops every process of the deployment; safe to call twice. */
  stop(): Promise<void>;
  /** Optional: what the report should warn of about the deployment as it is now (the probes watch what may not be the server); read after each trial. */
  warnings?(): string[];
  /**
   * Optional: puts the deployment through an event (one of its topology's `actions`).
   * Resolves with what happened in a few words once the deployment serves with all its
   * workers again; rejects with a reason when it could not. One at a time.
   */
  act?(action: EventAction): Promise<string>;
  /**
   * Optional: every exit of one of its processes seen since it started, in the order seen (its
   * own stop's included, after the trials). A measurement keeps those that fall in a trial.
   */
  exits?(): readonly ProcessExitFact[];
}

/** A process of a deployment that exited, as the deployment learnt of it. */
export interface ProcessExitFact {
  pid: number;
  role: ProcessRole;
  /** Its exit code, or the signal that ended it; both null when the deployment cannot tell (a process it did not start). */
  code: number | null;
  signal: string | null;
  /** When the deployment learnt of it, epoch ms. */
  seenAt: number;
  /** Who started a process in its place ('the cluster primary') and its pid; null while none did. */
  replacedBy: { pid: number | null; by: string } | null;
}

/** A tool a topology needs: what it is, a note for doctor's "needed by" ('haproxy'), and the path the scenario gives for it instead of PATH. */
export interface ToolUse {
  tool: ToolFacts;
  note?: string;
  path?: string;
}

/** The tools a topology depends on beyond its runtime's, as `doctor` checks and versions them. */
export interface TopologyTools<S> {
  /** Every tool it can need, whatever its spec says (a proxy: every balancer's program). */
  readonly all: readonly ToolFacts[];
  /** What it needs as its scenario entry is written. */
  needs(spec: S): ToolUse[];
  /** What it needs with none of its own fields set (doctor without a scenario: what `loadlab init` writes). */
  readonly byDefault: readonly ToolUse[];
}

/**
 * One way of running the app, in one file: its spec (the fields it reads from the scenario, with
 * their messages), its traits (what analysis and the reports say of it), the tools it needs, and
 * its start. `start` resolves once the app answers its readiness path; if it cannot, it stops
 * whatever it started and throws a RunError that says why (or TopologyUnavailable when this
 * machine cannot run it: the run goes on without it).
 */
export interface Topology<S extends TopologySpecBase> extends TopologyFields<S>, TopologyTraits {
  /** Absent: it needs no tool beyond its runtime's. */
  readonly tools?: TopologyTools<S>;
  describe(spec: S): string;
  start(spec: S, app: AppSpec, context: StartContext): Promise<Deployment>;
}

/** The app's entry, which validation guarantees to every topology that needsApp. */
export function entryOf(app: AppSpec, topology: string): string {
  if (app.entry === null) throw new Error(`topology ${topology} starts the app, but the scenario has none`);
  return app.entry;
}

/** ' under tsx', ' under Bun' for a topology's description; nothing for plain Node. */
export function underRuntime(runtime: Runtime): string {
  return runtime === 'node' ? '' : runtime === 'bun' ? ' under Bun' : ' under tsx';
}
