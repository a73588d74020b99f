import os from 'node:os';
import type { SystemLimits } from '../contract/doctor-report.js';
import { readCgroupLimits, readTextFile as readText } from './cgroup-limits.js';

/** Reads the limits from /proc and /sys/fs/cgroup (this process's own cgroups, v2 and v1). */
export function readSystemLimits(): SystemLimits {
  return {
    openFiles: readOpenFiles(),
    somaxconn: readNumber('/proc/sys/net/core/somaxconn'),
    tcpMaxSynBacklog: readNumber('/proc/sys/net/ipv4/tcp_max_syn_backlog'),
    ephemeralPorts: readPortRange(),
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    cgroup: readCgroupLimits(),
  };
}

/** This process's limit of open files (soft and hard; null: unlimited), from /proc/self/limits (null on a platform without it). */
export function readOpenFiles(): SystemLimits['openFiles'] {
  const limits = readText('/proc/self/limits');
  const match = limits === null ? null : /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  const value = (text: string | undefined) => (text === undefined || text === 'unlimited' ? null : Number(text));
  return { soft: value(match?.[1]), hard: value(match?.[2]) };
}

function readPortRange(): SystemLimits['ephemeralPorts'] {
  const [low, high] = (readText('/proc/sys/net/ipv4/ip_local_port_range') ?? '').trim().split(/\s+/).map(Number);
  return low !== undefined && high !== undefined && Number.isFinite(low) && Number.isFinite(high) ? { low, high } : null;
}

function readNumber(file: string): number | null {
  const text = readText(file);
  const value = text === null ? Number.NaN : Number(text.trim());
  return Number.isFinite(value) ? value : null;
}
