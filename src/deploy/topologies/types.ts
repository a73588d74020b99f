import type { ProcessInfo } from '../../contract/common.js';
import type { EventAction, Scenario, TopologyKind, TopologySpec } from '../../scenario/types.js';
import type { ProcessOwner } from '../processes.js';

export type AppSpec = Scenario['app'];

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
  /**
   * Optional: puts the deployment through an event (the kinds in scenarios' eventSupport).
   * Resolves with what happened in a few words once the deployment serves with all its
   * workers again; rejects with a reason when it could not. One at a time.
   */
  act?(action: EventAction): Promise<string>;
}

/**
 * One way of running the app. `start` resolves once the app answers its readiness path; if
 * it cannot, it stops whatever it started and throws a RunError that says why.
 */
export interface Topology {
  readonly kind: TopologyKind;
  describe(spec: TopologySpec): string;
  start(spec: TopologySpec, app: AppSpec, context: StartContext): Promise<Deployment>;
}
