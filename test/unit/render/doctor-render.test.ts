import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DoctorFinding } from '../../../src/contract/doctor-report.js';
import { renderDoctor } from '../../../src/render/doctor/terminal.js';

const ok: DoctorFinding = { name: 'cores', value: '2', status: 'ok' };
const warn: DoctorFinding = { name: 'net.core.somaxconn', value: '128', status: 'warn', hint: 'sysctl -w net.core.somaxconn=1024' };
const fail: DoctorFinding = {
  name: 'haproxy',
  value: 'not found',
  status: 'fail',
  hint: "topology 'lb' (proxy, haproxy) needs it: apt-get install haproxy (or set proxy.haproxyPath)",
};

test('a tool the scenario needs is missing: FAIL, its hint, and "cannot run" as the last line, with the warnings counted', () => {
  assert.equal(
    renderDoctor([ok, warn, fail], 'shop'),
    `ok    cores               2
WARN  net.core.somaxconn  128
                          → sysctl -w net.core.somaxconn=1024
FAIL  haproxy             not found
                          → topology 'lb' (proxy, haproxy) needs it: apt-get install haproxy (or set proxy.haproxyPath)

for shop: cannot run: haproxy not found; and 1 warning
`,
  );
});

test('warnings alone are counted; nothing to say is "all is well"', () => {
  assert.match(renderDoctor([ok, warn, warn]), /\n\n2 warnings\n$/);
  assert.match(renderDoctor([ok], 'shop'), /\n\nfor shop: all is well\n$/);
});
