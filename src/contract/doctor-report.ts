/* `loadlab doctor`: what the machine allows and has, and what a scenario asks of it. */

export const doctorSchema = 'loadlab/doctor@1';

/** `loadlab doctor --json`. */
export interface DoctorReport {
  schema: typeof doctorSchema;
  loadlab: string;
  /**
   * 'fail' when the scenario cannot run here (a tool it needs is missing: exit 3), else 'warn'
   * when any finding is a warning (exit 1), else 'ok'.
   */
  status: 'ok' | 'warn' | 'fail';
  /** The scenario checked against, with what it asks of the machine; null without one. */
  scenario: { name: string; file: string; connections: number; kinds: string[] } | null;
  limits: SystemLimits;
  tools: ToolVersions;
  findings: DoctorFinding[];
}

/** The CPU and memory limits of the cgroups this process is in; null when none binds. */
export interface CgroupLimits {
  /** cores (quota ÷ period) */
  cpuCores: number | null;
  memoryBytes: number | null;
}

/** What the machine allows, as far as a load test is concerned. A value that could not be read is null. */
export interface SystemLimits {
  openFiles: { soft: number | null; hard: number | null };
  somaxconn: number | null;
  tcpMaxSynBacklog: number | null;
  ephemeralPorts: { low: number; high: number } | null;
  cores: number;
  memoryBytes: number;
  cgroup: CgroupLimits;
}

/**
 * Node's version, and every tool a topology, balancer or runtime declares, by its name: a
 * program as where it was found and its version (`nginx`, `haproxy`, `bun`; null when not
 * found), a package loadlab loads as its version (`tsx`; null when not installed).
 */
export interface ToolVersions {
  node: string;
  [tool: string]: { path: string; version: string } | string | null;
}

/** One tool as doctor found it, and what of the scenario needs it: what its finding is judged from. */
export interface ToolStatus {
  name: string;
  kind: 'program' | 'package';
  /** Where it was found: a program's path, a package's folder; null when it was not. */
  path: string | null;
  /** null when it was not found; 'unknown' when found but its version could not be read. */
  version: string | null;
  /** Who needs it ("topology 'lb' (proxy, haproxy)"); empty when nothing does. */
  neededBy: string[];
  /** How to install it. */
  install: string;
  /** The scenario field that gives its path instead of PATH ('proxy.haproxyPath'). */
  pathField?: string;
  /** A path that field gives (looked at instead of PATH). */
  configuredPath?: string;
}

export interface DoctorFinding {
  name: string;
  value: string;
  /** 'fail': the scenario cannot run here until this is fixed. */
  status: 'ok' | 'warn' | 'fail';
  /** What to change, when status is warn or fail. */
  hint?: string;
}
