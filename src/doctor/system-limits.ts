import { readFileSync } from 'node:fs';
import os from 'node:os';

/** What the machine allows, as far as a load test is concerned. A value that could not be read is null. */
export interface SystemLimits {
  openFiles: { soft: number | null; hard: number | null };
  somaxconn: number | null;
  tcpMaxSynBacklog: number | null;
  ephemeralPorts: { low: number; high: number } | null;
  cores: number;
  memoryBytes: number;
  cgroup: { cpuCores: number | null; memoryBytes: number | null };
}

/** Reads the limits from /proc and /sys/fs/cgroup (cgroup v2, then v1). */
export function readSystemLimits(): SystemLimits {
  return {
    openFiles: readOpenFiles(),
    somaxconn: readNumber('/proc/sys/net/core/somaxconn'),
    tcpMaxSynBacklog: readNumber('/proc/sys/net/ipv4/tcp_max_syn_backlog'),
    ephemeralPorts: readPortRange(),
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    cgroup: { cpuCores: readCgroupCpu(), memoryBytes: readCgroupMemory() },
  };
}

function readOpenFiles(): SystemLimits['openFiles'] {
  const limits = readText('/proc/self/limits');
  const match = limits === null ? null : /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  const value = (text: string | undefined) => (text === undefined || text === 'unlimited' ? null : Number(text));
  return { soft: value(match?.[1]), hard: value(match?.[2]) };
}

function readPortRange(): SystemLimits['ephemeralPorts'] {
  const [low, high] = (readText('/proc/sys/net/ipv4/ip_local_port_range') ?? '').trim().split(/\s+/).map(Number);
  return low !== undefined && high !== undefined && Number.isFinite(low) && Number.isFinite(high) ? { low, high } : null;
}

/** cgroup v2 `cpu.max` ("max 100000" or "200000 100000"), else v1 cfs quota ÷ period; null when unlimited. */
function readCgroupCpu(): number | null {
  const v2 = readText('/sys/fs/cgroup/cpu.max');
  if (v2 !== null) {
    const [quota, period] = v2.trim().split(/\s+/);
    return quota === 'max' || quota === undefined ? null : Number(quota) / Number(period);
  }
  const quota = readNumber('/sys/fs/cgroup/cpu/cpu.cfs_quota_us');
  const period = readNumber('/sys/fs/cgroup/cpu/cpu.cfs_period_us');
  return quota === null || period === null || quota <= 0 ? null : quota / period;
}

/** cgroup v2 `memory.max`, else v1 `memory.limit_in_bytes`; null when unlimited (v1 says so with a value near 2^63). */
export function readCgroupMemory(): number | null {
  const v2 = readText('/sys/fs/cgroup/memory.max');
  const value = v2 !== null ? v2.trim() : readText('/sys/fs/cgroup/memory/memory.limit_in_bytes')?.trim();
  if (value === undefined || value === 'max') return null;
  const bytes = Number(value);
  return Number.isFinite(bytes) && bytes > 0 && bytes < 2 ** 60 ? bytes : null;
}

function readNumber(file: string): number | null {
  const text = readText(file);
  const value = text === null ? Number.NaN : Number(text.trim());
  return Number.isFinite(value) ? value : null;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
