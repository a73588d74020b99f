/* `loadlab doctor`: what the machine allows and has, and what a scenario asks of it. */

export const doctorSchema = 'loadlab/doctor@1';

/** `loadlab doctor --json`. */
export interface DoctorReport {
  schema: typeof doctorSchema;
  loadlab: string;
  /** 'warn' when any finding is a warning (the command exits 1), else 'ok'. */
  status: 'ok' | 'warn';
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

export interface ToolVersions {
  node: string;
  /** null when nginx is not on PATH. */
  nginx: { path: string; version: string } | null;
  pm2: string | null;
}

export interface DoctorFinding {
  name: string;
  value: string;
  status: 'ok' | 'warn';
  /** What to change, when status is warn. */
  hint?: string;
}
