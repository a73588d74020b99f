import { readFileSync } from 'node:fs';

import type { CgroupLimits } from '../contract/doctor-report.js';

/** Returns a file's text, or null when it cannot be read. */
export type TextReader = (path: string) => string | null;

const root = '/sys/fs/cgroup';
/** v1 reports "no limit" as a number near 2^63 (the page-aligned maximum). */
const unlimitedV1Bytes = 2 ** 60;

/**
 * Reads the limits of this process's own cgroup and of each of its ancestors (a limit anywhere
 * above binds too), for cgroup v2 and v1, and keeps the tightest. The path comes from
 * /proc/self/cgroup: inside a container with its own cgroup namespace it is '/', and the files
 * at the mount's top are the container's; without one (cgroup v1, or a shared namespace) the
 * top-level files are the whole machine's and only the process's own folder tells its limit.
 */
export function readCgroupLimits(readText: TextReader = readTextFile): CgroupLimits {
  const paths = cgroupPaths(readText('/proc/self/cgroup') ?? '');
  const folders = (mount: string, path: string | undefined) => ancestors(path ?? '/').map((folder) => `${mount}${folder === '/' ? '' : folder}`);
  const memory = [
    ...folders(root, paths.unified).map((folder) => bytesLimit(readText(`${folder}/memory.max`))),
    ...folders(`${root}/memory`, paths.memory).map((folder) => bytesLimit(readText(`${folder}/memory.limit_in_bytes`))),
  ];
  const cpu = [
    ...folders(root, paths.unified).map((folder) => cpuMaxLimit(readText(`${folder}/cpu.max`))),
    ...folders(`${root}/cpu`, paths.cpu).map((folder) => cfsLimit(readText(`${folder}/cpu.cfs_quota_us`), readText(`${folder}/cpu.cfs_period_us`))),
  ];
  return { cpuCores: tightest(cpu), memoryBytes: tightest(memory) };
}

/**
 * The process's cgroup per hierarchy, from /proc/self/cgroup lines 'id:controllers:path':
 * '0::/a/b' is the unified (v2) one; '4:memory:/a' and '2:cpu,cpuacct:/a' are v1's.
 */
export function cgroupPaths(text: string): { unified?: string; memory?: string; cpu?: string } {
  const paths: { unified?: string; memory?: string; cpu?: string } = {};
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(\/.*)$/.exec(line.trim());
    if (!match) continue;
    const [, id, controllers = '', path] = match;
    const names = controllers.split(',');
    if (id === '0' && controllers === '') paths.unified = path;
    if (names.includes('memory')) paths.memory = path;
    if (names.includes('cpu')) paths.cpu = path;
  }
  return paths;
}

/**
 * '/a/b' → ['/a/b', '/a', '/']: a limit set on any of them binds the process. A path that
 * climbs out of the namespace ('/../x') names no folder under this mount: the mount's top only.
 */
function ancestors(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '');
  if (parts.includes('..')) return ['/'];
  return parts.map((_, index) => `/${parts.slice(0, parts.length - index).join('/')}`).concat('/');
}

function bytesLimit(text: string | null): number | null {
  const value = text?.trim();
  if (value === undefined || value === '' || value === 'max') return null;
  const bytes = Number(value);
  return Number.isFinite(bytes) && bytes > 0 && bytes < unlimitedV1Bytes ? bytes : null;
}

/** v2 `cpu.max`: 'max 100000' (none) or '200000 100000' (2 cores). */
function cpuMaxLimit(text: string | null): number | null {
  const [quota, period] = (text ?? '').trim().split(/\s+/);
  if (quota === undefined || quota === '' || quota === 'max') return null;
  const cores = Number(quota) / Number(period);
  return Number.isFinite(cores) && cores > 0 ? cores : null;
}

/** v1: quota ÷ period; a quota of -1 means none. */
function cfsLimit(quotaText: string | null, periodText: string | null): number | null {
  const quota = Number(quotaText?.trim());
  const period = Number(periodText?.trim());
  return Number.isFinite(quota) && Number.isFinite(period) && quota > 0 && period > 0 ? quota / period : null;
}

function tightest(limits: (number | null)[]): number | null {
  const set = limits.filter((limit): limit is number => limit !== null);
  return set.length > 0 ? Math.min(...set) : null;
}

export function readTextFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
