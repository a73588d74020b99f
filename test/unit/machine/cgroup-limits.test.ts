import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cgroupPaths, readCgroupLimits } from '../../../src/machine/cgroup-limits.js';

const GiB = 1024 ** 3;
const files = (entries: Record<string, string>) => (path: string) => entries[path] ?? null;

test('/proc/self/cgroup: the unified path and the v1 memory and cpu paths', () => {
  assert.deepEqual(cgroupPaths('4:memory:/process_api/abc\n2:cpu,cpuacct:/process_api/abc\n1:pids:/\n0::/\n'), {
    unified: '/',
    memory: '/process_api/abc',
    cpu: '/process_api/abc',
  });
  assert.deepEqual(cgroupPaths('0::/user.slice/app.scope\n'), { unified: '/user.slice/app.scope' });
  assert.deepEqual(cgroupPaths(''), {});
});

test('cgroup v2 in a container with its own namespace: the files at the top are its limits', () => {
  const limits = readCgroupLimits(
    files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/memory.max': `${2 * GiB}\n`, '/sys/fs/cgroup/cpu.max': '150000 100000\n' }),
  );
  assert.deepEqual(limits, { cpuCores: 1.5, memoryBytes: 2 * GiB });
});

test("cgroup v2 without a namespace: the process's own folder and its ancestors, the tightest limit", () => {
  const limits = readCgroupLimits(
    files({
      '/proc/self/cgroup': '0::/user.slice/app.scope\n',
      '/sys/fs/cgroup/user.slice/memory.max': `${4 * GiB}`,
      '/sys/fs/cgroup/user.slice/app.scope/memory.max': 'max',
      '/sys/fs/cgroup/user.slice/app.scope/cpu.max': '50000 100000',
      '/sys/fs/cgroup/user.slice/cpu.max': '400000 100000',
    }),
  );
  assert.deepEqual(limits, { cpuCores: 0.5, memoryBytes: 4 * GiB });
});

test("cgroup v1 (as on this project's machines): the top says unlimited, the process's own folder has the limit", () => {
  const limits = readCgroupLimits(
    files({
      '/proc/self/cgroup': '4:memory:/process_api/abc\n2:cpu,cpuacct:/process_api/abc\n0::/\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
      '/sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes': `${GiB}\n`,
      '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n',
      '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n',
      '/sys/fs/cgroup/cpu/process_api/abc/cpu.cfs_quota_us': '50000\n',
      '/sys/fs/cgroup/cpu/process_api/abc/cpu.cfs_period_us': '100000\n',
    }),
  );
  assert.deepEqual(limits, { cpuCores: 0.5, memoryBytes: GiB });
});

test('a path outside the namespace (/../x) is not read as /x: the top of the mount only', () => {
  const limits = readCgroupLimits(
    files({
      '/proc/self/cgroup': '0::/../x\n',
      '/sys/fs/cgroup/x/memory.max': `${GiB}`,
      '/sys/fs/cgroup/memory.max': `${8 * GiB}`,
    }),
  );
  assert.deepEqual(limits, { cpuCores: null, memoryBytes: 8 * GiB });
});

test('no limit anywhere, or nothing readable: null, never 0', () => {
  assert.deepEqual(readCgroupLimits(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/memory.max': 'max\n', '/sys/fs/cgroup/cpu.max': 'max 100000\n' })), {
    cpuCores: null,
    memoryBytes: null,
  });
  assert.deepEqual(readCgroupLimits(files({})), { cpuCores: null, memoryBytes: null });
});
