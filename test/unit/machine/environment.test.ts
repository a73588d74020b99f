import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryLimit } from '../../../src/machine/environment.js';

const GiB = 1024 ** 3;
const physical = 16 * GiB;
const v2 = '/sys/fs/cgroup/memory.max';
const v1 = '/sys/fs/cgroup/memory/memory.limit_in_bytes';

const cases: { title: string; files: Record<string, string>; limit: number; source: 'cgroup' | 'physical' }[] = [
  { title: 'cgroup v2 with a limit', files: { [v2]: `${2 * GiB}\n` }, limit: 2 * GiB, source: 'cgroup' },
  { title: "cgroup v2 'max': no limit", files: { [v2]: 'max\n' }, limit: physical, source: 'physical' },
  { title: 'cgroup v1 with a limit', files: { [v1]: `${512 * 1024 ** 2}\n` }, limit: 512 * 1024 ** 2, source: 'cgroup' },
  { title: 'cgroup v1 unlimited (near 2^63)', files: { [v1]: '9223372036854771712\n' }, limit: physical, source: 'physical' },
  { title: "a limit above the machine's memory never binds", files: { [v2]: `${32 * GiB}` }, limit: physical, source: 'physical' },
  { title: 'no cgroup files (not Linux, no cgroup)', files: {}, limit: physical, source: 'physical' },
  { title: 'v2 is read before v1', files: { [v2]: `${1 * GiB}`, [v1]: `${3 * GiB}` }, limit: 1 * GiB, source: 'cgroup' },
];

for (const { title, files, limit, source } of cases) {
  test(title, () => {
    assert.deepEqual(
      memoryLimit(physical, (path) => files[path] ?? null),
      { memoryLimitBytes: limit, memoryLimitSource: source },
    );
  });
}
