import type { ProcessInfo } from '../../contract/common.js';
import type { ProgramTool } from '../../machine/tool-facts.js';
import type { FieldReader } from '../../scenario/field-reader.js';
import type { ProcessExitFact, StartContext } from '../topologies/types.js';

/** What a balancer is told when the proxy topology starts it, the instances already listening. */
export interface BalancerStart {
  /** For messages and the process owner: 'proxy (nginx)'. */
  label: string;
  listenPort: number;
  upstreamPorts: readonly number[];
  /** A private folder for its configuration, pid file and logs, removed by the proxy topology. */
  folder: string;
  /** The app's readiness path, asked through the balancer, and how long it may take. */
  readiness: string;
  startTimeoutMs: number;
  context: StartContext;
}

/** A balancer's program, which a scenario field may locate instead of PATH ('proxy.nginxPath'). */
export type BalancerProgram = ProgramTool & { pathField: string };

/** A balancer running in the foreground, owned by loadlab. */
export interface RunningBalancer {
  /** Its processes, each with the role 'balancer'. */
  processes(): ProcessInfo[];
  /** Every exit of its processes seen since it started (a worker's when the list of its processes is read again). */
  exits(): readonly ProcessExitFact[];
  stop(): Promise<void>;
}

/**
 * One balancer the proxy topology can put in front of its instances, in one file: the fields it
 * reads from the proxy topology's entry, the program it needs, and how it starts. Its spec's
 * `balancer` is its name.
 */
export interface Balancer<S extends { balancer: string }> {
  readonly name: S['balancer'];
  /** The program it runs: how it is found and versioned (doctor), installed, and where the scenario may say it is. */
  readonly tool: BalancerProgram;
  /** Its own fields on a proxy topology, e.g. nginxPath. */
  readonly fields: readonly string[];
  readSpec(read: FieldReader, fields: Record<string, unknown>, path: string): S;
  /** 'nginx (1 worker)'. */
  describe(spec: S): string;
  /**
   * Starts it with a generated configuration and resolves once the app answers its readiness
   * path through it. Throws TopologyUnavailable when it is not installed (the run goes on without
   * the topology), RunError when it would not start.
   */
  start(spec: S, input: BalancerStart): Promise<RunningBalancer>;
}
