import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { findFreePort } from '../../../src/deploy/free-port.js';
import { ListenerLookup } from '../../../src/deploy/listener-lookup.js';
import {
  childrenOf,
  isLive,
  listenersOn,
  listeningPortsOf,
  listeningPortsOfTree,
  parseListeningSockets,
  parseProcStat,
  processTree,
  readProcStat,
  readProcTable,
  type ProcEntry,
} from '../../../src/deploy/proc-table.js';

/** The fields after state of a real /proc/PID/stat line (ppid, pgrp, session, tty, ...), trimmed. */
const tail = '0 -1 4194560 104 0 0 0 0 0 0 0 20 0 1 0 123456 1234567 345 18446744073709551615';

const statCases: Array<[title: string, pid: number, text: string, expected: ProcEntry | undefined]> = [
  ['a plain command name', 42, `42 (node) S 1 42 42 ${tail}\n`, { pid: 42, state: 'S', ppid: 1, pgrp: 42, cpuTicks: 0 }],
  [
    'a command name with spaces and parentheses',
    1234,
    `1234 (my (weird) app) S 1 1234 1234 ${tail}\n`,
    { pid: 1234, state: 'S', ppid: 1, pgrp: 1234, cpuTicks: 0 },
  ],
  ['a command name that looks like fields', 77, `77 (x) R 5 6 7) Z 900 901 902 ${tail}\n`, { pid: 77, state: 'Z', ppid: 900, pgrp: 901, cpuTicks: 0 }],
  ['a command name ending in a space', 9, `9 (a b ) R 3 9 9 ${tail}`, { pid: 9, state: 'R', ppid: 3, pgrp: 9, cpuTicks: 0 }],
  ['an empty command name', 8, `8 () D 2 8 8 ${tail}`, { pid: 8, state: 'D', ppid: 2, pgrp: 8, cpuTicks: 0 }],
  ['a zombie', 300, `300 (worker) Z 200 100 100 ${tail}`, { pid: 300, state: 'Z', ppid: 200, pgrp: 100, cpuTicks: 0 }],
  ['no closing parenthesis', 5, '5 (broken S 1 5 5', undefined],
  ['a line cut short after the state', 5, '5 (short) S 1', undefined],
  [
    'CPU time: utime and stime in ticks',
    12,
    '12 (busy) R 1 12 12 0 -1 4194560 104 0 0 0 250 31 0 0 20 0 1 0 1 2 3',
    { pid: 12, state: 'R', ppid: 1, pgrp: 12, cpuTicks: 281 },
  ],
  ['a line cut short before the CPU times', 13, '13 (short) S 1 13 13 0', { pid: 13, state: 'S', ppid: 1, pgrp: 13, cpuTicks: null }],
  ['an empty text', 5, '', undefined],
];

for (const [title, pid, text, expected] of statCases) {
  test(`parseProcStat: ${title}`, () => {
    assert.deepEqual(parseProcStat(pid, text), expected);
  });
}

function entry(pid: number, ppid: number, pgrp: number, state = 'S'): [number, ProcEntry] {
  return [pid, { pid, ppid, pgrp, state, cpuTicks: 0 }];
}

/**
 *   1 init
 *   ├─ 100 primary (group 100)
 *   │   ├─ 101 worker
 *   │   │   └─ 110 grandchild
 *   │   ├─ 102 worker (zombie)
 *   │   │   └─ 120 child of the zombie, still alive
 *   │   └─ 103 worker (dead, X)
 *   ├─ 150 daemon that left the tree but kept group 100 (reparented to 1)
 *   ├─ 151 zombie reparented to 1, group 100
 *   ├─ 200 unrelated (group 200)
 *   │   └─ 201 its child, group 200
 *   └─ 300 unrelated, group 300
 */
const table = new Map<number, ProcEntry>([
  entry(1, 0, 1),
  entry(100, 1, 100),
  entry(101, 100, 100),
  entry(110, 101, 100),
  entry(102, 100, 100, 'Z'),
  entry(120, 102, 100),
  entry(103, 100, 100, 'X'),
  entry(150, 1, 100),
  entry(151, 1, 100, 'Z'),
  entry(200, 1, 200),
  entry(201, 200, 200),
  entry(300, 1, 300),
]);

const sorted = (pids: number[]): number[] => [...pids].sort((a, b) => a - b);

const treeCases: Array<[title: string, root: number, table: Map<number, ProcEntry>, expected: number[]]> = [
  ['descendants and group members, without zombies or dead processes', 100, table, [100, 101, 110, 120, 150]],
  ['a subtree whose root is not a group leader', 101, table, [101, 110]],
  ['a leaf', 300, table, [300]],
  ['another group stays separate', 200, table, [200, 201]],
  ['a root that is not in the table', 999, table, []],
  ['a root that is a zombie keeps its live children', 102, table, [120]],
  [
    'a reparented group member and its children in the group are found; a child that left the group is not',
    500,
    new Map([entry(500, 1, 500), entry(501, 500, 500), entry(600, 1, 500), entry(601, 600, 500), entry(602, 600, 602)]),
    [500, 501, 600, 601],
  ],
  ['a ppid cycle does not loop forever', 10, new Map([entry(10, 11, 10), entry(11, 10, 10)]), [10, 11]],
];

for (const [title, root, procs, expected] of treeCases) {
  test(`processTree: ${title}`, () => {
    assert.deepEqual(sorted(processTree(root, procs)), expected);
  });
}

const liveCases: Array<[state: string | undefined, live: boolean]> = [
  ['R', true],
  ['S', true],
  ['D', true],
  ['T', true],
  ['Z', false],
  ['X', false],
  [undefined, false],
];

for (const [state, live] of liveCases) {
  test(`isLive: state ${state ?? 'missing'} is ${live ? 'live' : 'not live'}`, () => {
    const procEntry = state === undefined ? undefined : { pid: 1, ppid: 0, pgrp: 1, state, cpuTicks: 0 };
    assert.equal(isLive(procEntry), live);
  });
}

const linux = process.platform === 'linux';

test('readProcTable on this machine holds this process with its parent', { skip: !linux && 'needs /proc' }, () => {
  const procs = readProcTable();
  assert.ok(procs, 'expected a process table on Linux');
  const self = procs.get(process.pid);
  assert.ok(self, `expected pid ${process.pid} in the table`);
  assert.equal(self.pid, process.pid);
  assert.equal(self.ppid, process.ppid);
  assert.ok(isLive(self));
  assert.ok(procs.has(process.ppid), 'the parent is in the table too');
});

test('readProcStat reads this process and returns undefined for a pid that does not exist', { skip: !linux && 'needs /proc' }, () => {
  const self = readProcStat(process.pid);
  assert.equal(self?.ppid, process.ppid);
  assert.equal(self?.state, 'R');
  assert.equal(readProcStat(2 ** 31 - 1), undefined);
});

test('processTree over the real table finds this process from its parent', { skip: !linux && 'needs /proc' }, () => {
  const procs = readProcTable();
  assert.ok(procs);
  assert.ok(processTree(process.ppid, procs).includes(process.pid));
});

const tcpText = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1FBB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1FBB 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000     0        0 4243 1 0000000000000000 20 4 30 10 -1
   2: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1 0000000000000000 100 0 0 10 0
`;
const tcp6Text = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1FBB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9001 1 0000000000000000 100 0 0 10 0
`;

test('parseListeningSockets: LISTEN lines only, port from hex, IPv4 and IPv6', () => {
  assert.deepEqual(parseListeningSockets(tcpText), [
    { port: 8123, inode: '4242' },
    { port: 80, inode: '77' },
  ]);
  assert.deepEqual(parseListeningSockets(tcp6Text), [{ port: 8123, inode: '9001' }]);
  assert.deepEqual(parseListeningSockets(''), []);
});

test('listeningPortsOf and listenersOn find the socket this process listens on', { skip: !linux && 'needs /proc' }, async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    assert.ok(listeningPortsOf([process.pid]).get(process.pid)?.includes(port));
    assert.deepEqual(listenersOn(port, [process.pid, process.ppid]), [process.pid]);
    assert.ok(listeningPortsOfTree(process.pid)?.includes(port));
  } finally {
    server.close();
  }
  assert.deepEqual(listenersOn(1, [process.pid]), []);
});

test('ListenerLookup: through a shell wrapper, the process that holds the listening socket, not the wrapper', { skip: !linux && 'needs /proc' }, async () => {
  const script = "const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))";
  // '; exit' keeps sh as a wrapper that waits (a lone command may be exec'd in its place)
  const wrapper = spawn('sh', ['-c', `"${process.execPath}" -e "${script}"; exit`], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(wrapper.stdout, 'data')) as [Buffer];
    const port = Number(line.toString().trim());
    const lookup = new ListenerLookup(wrapper.pid as number, port);
    const [listener] = lookup.current();
    assert.ok(listener !== undefined && listener !== wrapper.pid, `found ${listener}, wrapper ${wrapper.pid}`);
    assert.equal(readProcStat(listener)?.ppid, wrapper.pid, 'the node process the shell started');
    assert.deepEqual(new ListenerLookup(wrapper.pid as number, port + 1 === 65536 ? 1 : port + 1).current(), []);
  } finally {
    // the server first: once the shell is gone it would be nobody's child, and hold the pipe open
    for (const pid of childrenOf(wrapper.pid as number)) killIfThere(pid);
    wrapper.kill('SIGKILL');
  }
});

function killIfThere(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** Polls `find` until it gives a value, for up to 15 s. */
async function until<T>(find: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not found within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('ListenerLookup: a listener that dies and is forked again is found again', { skip: !linux && 'needs /proc' }, async () => {
  const port = await findFreePort();
  const script = `require('net').createServer().listen(${port}, '127.0.0.1')`;
  // a supervisor that starts the server again whenever it exits
  const wrapper = spawn('sh', ['-c', `while true; do "${process.execPath}" -e "${script}"; done`], { stdio: 'ignore' });
  const root = wrapper.pid as number;
  try {
    const lookup = new ListenerLookup(root, port);
    const first = await until(() => lookup.current()[0]);
    process.kill(first, 'SIGKILL');
    const second = await until(() => lookup.current().find((pid) => pid !== first));
    assert.equal(readProcStat(second)?.ppid, root);
    assert.deepEqual(lookup.current(), [second]);
  } finally {
    const servers = childrenOf(root);
    wrapper.kill('SIGKILL');
    for (const pid of servers) killIfThere(pid);
  }
});
