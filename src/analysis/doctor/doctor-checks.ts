import type { DoctorFinding, SystemLimits, ToolStatus } from '../../contract/doctor-report.js';

/** What a scenario asks of the machine: its largest connection count and the topologies it uses. */
export interface ScenarioDemand {
  connections: number;
  /** The topology kinds it uses. */
  kinds: string[];
  /** The most open files a load connection costs one of its processes, by its topologies' traits (a balancer holds 2). */
  filesPerConnection: number;
}

/**
 * Checks the machine's limits and tools against what a load test needs. Without a scenario only
 * a missing tool is a warning; with one, a limit below what its connections need is a warning
 * that names the setting to change, and a tool it needs that is missing fails: it cannot run.
 */
export function checkMachine(limits: SystemLimits, nodeVersion: string, tools: readonly ToolStatus[], demand?: ScenarioDemand): DoctorFinding[] {
  const connections = demand?.connections ?? 0;
  const findings: DoctorFinding[] = [];
  const add = (name: string, value: string, problem: string | undefined) =>
    findings.push(problem ? { name, value, status: 'warn', hint: problem } : { name, value, status: 'ok' });

  const filesNeeded = openFilesNeeded(demand ?? { connections, kinds: [], filesPerConnection: 1 });
  const soft = limits.openFiles.soft;
  add(
    'open files (soft / hard)',
    `${soft ?? 'unlimited'} / ${limits.openFiles.hard ?? 'unlimited'}`,
    demand && soft !== null && soft < filesNeeded ? openFilesHint(connections, filesNeeded, limits.openFiles.hard) : undefined,
  );
  // a burst of connects beyond the accept queue is dropped and retried after a second: latency spikes of 1 s
  const queues = [
    ['net.core.somaxconn', limits.somaxconn],
    ['net.ipv4.tcp_max_syn_backlog', limits.tcpMaxSynBacklog],
  ] as const;
  for (const [setting, value] of queues) {
    const short = demand && value !== null && value < connections;
    add(setting, show(value), short ? `below the ${connections} connections that open at once: sysctl -w ${setting}=${nextRound(connections)}` : undefined);
  }
  const ports = limits.ephemeralPorts;
  const portCount = ports ? ports.high - ports.low + 1 : null;
  // every connection of every trial takes a local port, and closed ones stay in TIME_WAIT for 60 s
  add(
    'net.ipv4.ip_local_port_range',
    ports ? `${ports.low}–${ports.high} (${portCount} ports)` : 'unknown',
    demand && portCount !== null && connections * 4 > portCount
      ? `${connections} connections over several trials can run out of local ports (TIME_WAIT): sysctl -w net.ipv4.ip_local_port_range="1024 65535"`
      : undefined,
  );
  add('cores', String(limits.cores), undefined);
  add('memory', `${(limits.memoryBytes / 2 ** 30).toFixed(1)} GiB`, undefined);
  const cpuLimit = limits.cgroup.cpuCores;
  add(
    'cgroup CPU limit',
    cpuLimit === null ? 'none' : `${cpuLimit} cores`,
    cpuLimit !== null && cpuLimit < limits.cores
      ? `the cgroup allows ${cpuLimit} cores but ${limits.cores} are visible: instances: 'cores' starts more processes than can run at once`
      : undefined,
  );
  add('cgroup memory limit', limits.cgroup.memoryBytes === null ? 'none' : `${(limits.cgroup.memoryBytes / 2 ** 30).toFixed(1)} GiB`, undefined);
  add('node', nodeVersion, Number(nodeVersion.replace(/^v/, '').split('.')[0]) < 20 ? 'loadlab needs Node 20 or later' : undefined);
  for (const tool of tools) findings.push(toolFinding(tool, demand !== undefined));
  return findings;
}

/**
 * The open files one process of a load test needs, which every process (loadlab, the app, a
 * balancer) gets as its limit: loadlab holds one fd per connection, a balancer two (client side
 * and upstream: its topology's filesPerConnection), plus a margin for the rest (probes,
 * threads, pipes, logs).
 */
export function openFilesNeeded(demand: ScenarioDemand): number {
  return demand.connections * demand.filesPerConnection + 256;
}

/**
 * A tool found is fine; one missing that nothing needs is only listed; one missing that the
 * scenario needs means it cannot run (without a scenario, a warning), with how to install it.
 */
function toolFinding(tool: ToolStatus, forScenario: boolean): DoctorFinding {
  const where = tool.configuredPath === undefined ? '' : ` at ${tool.configuredPath}`;
  if (tool.path !== null) return { name: tool.name, value: `${tool.version ?? 'unknown'}${tool.kind === 'program' ? ` (${tool.path})` : ''}`, status: 'ok' };
  const value = `not found${where}`;
  if (tool.neededBy.length === 0)
    return { name: tool.name, value: `${value} (${forScenario ? 'this scenario does not need it' : 'not needed by default'})`, status: 'ok' };
  const alternative = tool.pathField === undefined ? '' : tool.configuredPath === undefined ? ` (or set ${tool.pathField})` : ` (or fix ${tool.pathField})`;
  const hint = `${tool.neededBy.join(', ')} need${tool.neededBy.length === 1 ? 's' : ''} it: ${tool.install}${alternative}`;
  return { name: tool.name, value, status: forScenario ? 'fail' : 'warn', hint };
}

/**
 * `ulimit -n` can raise the soft limit up to the hard limit only: a hint to go above it would
 * fail. Above the hard limit, the hard limit must be raised first (as root, or in the unit file).
 */
export function openFilesHint(connections: number, needed: number, hard: number | null): string {
  const wanted = nextRound(needed);
  const need = `${connections} connections need about ${needed} open files`;
  if (hard === null || wanted <= hard) return `${need}: raise the limit with ulimit -n ${wanted} (or LimitNOFILE / limits.conf)`;
  if (needed <= hard) return `${need}: raise the limit to the hard limit with ulimit -n ${hard}`;
  return `${need}, more than the hard limit of ${hard}: raise the hard limit first (as root: ulimit -Hn ${wanted}, or LimitNOFILE=${wanted} in the service's unit, or nofile in /etc/security/limits.conf), then ulimit -n ${wanted}`;
}

function show(value: number | null): string {
  return value === null ? 'unknown' : String(value);
}

/** A tidy number at least as large: 1,000 → 1,024; 5,300 → 8,192. */
function nextRound(value: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, value)));
}
