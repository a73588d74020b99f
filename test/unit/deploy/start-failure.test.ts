import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputTail } from '../../../src/deploy/output-tail.js';
import { excerpt, explainStartFailure, foldRepeats, linesOf, portsIn, type StartFailureFacts } from '../../../src/deploy/start-failure.js';

/** What Node writes to stderr when a server's listen fails on a port that is taken. */
const addressInUse = (port: number) => `node:events:497
      throw er; // Unhandled 'error' event
      ^

Error: listen EADDRINUSE: address already in use :::${port}
    at Server.setupListenHandle [as _listen2] (node:net:1872:16)
    at listenInCluster (node:net:1920:12)
    at Server.listen (node:net:2008:7)
    at file:///srv/app/server.js:4:4
    at ModuleJob.run (node:internal/modules/esm/module_job:222:25)
    at async ModuleLoader.import (node:internal/modules/esm/loader:316:24)
    at async asyncRunEntryPointWithESMLoader (node:internal/modules/run_main:123:5)
Emitted 'error' event on Server instance at:
    at emitErrorNT (node:net:1899:8)
    at process.processTicksAndRejections (node:internal/process/task_queues:82:21) {
  code: 'EADDRINUSE',
  errno: -98,
  syscall: 'listen',
  address: '::',
  port: ${port}
}

Node.js v20.20.2
`;

function streamOf(text: string, maxLines = 20) {
  const tail = new OutputTail(maxLines);
  tail.push(text);
  return linesOf(tail);
}

function facts(overrides: Partial<StartFailureFacts> & { stdout?: string; stderr?: string }): StartFailureFacts {
  const { stdout = '', stderr = '', ...rest } = overrides;
  return {
    headline: 'single: the app /srv/app/server.js exited during start with exit code 1',
    port: 41234,
    output: [
      { name: 'stdout', lines: streamOf(stdout) },
      { name: 'stderr', lines: streamOf(stderr) },
    ],
    started: 'app',
    ...rest,
  };
}

const foldCases: Array<[title: string, lines: string[], expected: string[]]> = [
  ['nothing', [], []],
  ['no repeats', ['a', 'b', 'a'], ['a', 'b', 'a']],
  ['a run of twenty', [...Array<string>(20).fill('Error: boom'), 'done'], ['Error: boom … ×20', 'done']],
  ['two runs', ['x', 'x', 'y', 'y', 'y'], ['x … ×2', 'y … ×3']],
];

for (const [title, lines, expected] of foldCases) {
  test(`foldRepeats: ${title}`, () => {
    assert.deepEqual(foldRepeats(lines), expected);
  });
}

const portCases: Array<[text: string, ports: number[]]> = [
  ['listening on 8123', [8123]],
  ['Server running at http://127.0.0.1:3000/', [3000]],
  ['Error: listen EADDRINUSE: address already in use :::8123', [8123]],
  ['  port: 8123', [8123]],
  ['Listening on port=9000', [9000]],
  ['12:30:45 server started', []],
  ['    at file:///srv/app/server.js:14:7', []],
  ['    at Server.setupListenHandle [as _listen2] (node:net:1872:16)', []],
  ['retrying in 5 s', []],
];

for (const [text, ports] of portCases) {
  test(`portsIn: ${JSON.stringify(text)}`, () => {
    assert.deepEqual(portsIn(text), ports);
  });
}

test('excerpt: the EADDRINUSE line is shown though more than 20 lines follow it, stack frames only among the last lines', () => {
  const shown = excerpt(streamOf(`${addressInUse(8123)}${Array.from({ length: 30 }, (_, index) => `log line ${index}`).join('\n')}\n`));
  assert.ok(shown.includes('Error: listen EADDRINUSE: address already in use :::8123'), shown.join('\n'));
  assert.ok(shown.includes('  port: 8123'), shown.join('\n'));
  assert.ok(!shown.some((line) => /at Server\.setupListenHandle/.test(line)), 'a stack frame far from the end is left out');
  assert.deepEqual(
    shown.slice(-10),
    Array.from({ length: 10 }, (_, index) => `log line ${20 + index}`),
  );
  assert.equal(shown.at(-11), '…', 'lines left out are marked');
});

test('excerpt: a crash loop writes the same block twenty times: each telling line once, with its count', () => {
  const shown = excerpt(streamOf(Array<string>(20).fill(addressInUse(8123)).join('')));
  assert.equal(shown.filter((line) => line.includes('EADDRINUSE: address already in use')).length, 1, shown.join('\n'));
  assert.ok(shown.includes('Error: listen EADDRINUSE: address already in use :::8123 … ×20'), shown.join('\n'));
  assert.ok(shown.length <= 20, shown.join('\n'));
});

test('excerpt: identical lines among the last ones are folded', () => {
  const shown = excerpt(streamOf(`start\n${'waiting for the queue\n'.repeat(15)}`));
  assert.deepEqual(shown, ['…', 'waiting for the queue … ×10']);
});

test('excerpt: nothing written, or only blank lines, shows nothing', () => {
  assert.deepEqual(excerpt(streamOf('')), []);
  assert.deepEqual(excerpt(streamOf('\n\n\n')), []);
});

test('explainStartFailure: the port loadlab set, the streams, no hint when nothing tells a cause', () => {
  const { lines, hint } = explainStartFailure(facts({ stderr: 'fatal: cannot reach the database at db.invalid:5432\n' }));
  assert.deepEqual(lines, [
    'single: the app /srv/app/server.js exited during start with exit code 1',
    'loadlab set PORT=41234',
    'its stderr (lines about ports and errors, and the last ones):',
    '  fatal: cannot reach the database at db.invalid:5432',
  ]);
  assert.equal(hint, undefined);
});

test('explainStartFailure: an app that said where it listens, elsewhere than PORT', () => {
  const { lines, hint } = explainStartFailure(
    facts({
      headline: 'single: the app /srv/app/server.js did not answer / with 2xx within 3000 ms (last: ECONNREFUSED)',
      stdout: 'listening on 8123\n',
      listening: [8123],
    }),
  );
  assert.equal(lines[1], 'loadlab set PORT=41234; the app listens on port 8123');
  assert.deepEqual(lines.slice(2), ['its stdout (lines about ports and errors, and the last ones):', '  listening on 8123']);
  assert.equal(hint, "the app said 'listening on 8123'; loadlab set PORT=41234: make the app read process.env.PORT, or use an external topology");
});

test('explainStartFailure: listening elsewhere, told by /proc alone when the app says nothing', () => {
  const { hint } = explainStartFailure(facts({ listening: [8123] }));
  assert.equal(hint, 'the app listens on port 8123, not on PORT=41234 that loadlab set: make the app read process.env.PORT, or use an external topology');
});

test('explainStartFailure: an app that said it listens elsewhere, and exited (no /proc to ask)', () => {
  const { hint } = explainStartFailure(facts({ stdout: 'Server running at http://localhost:3000/\n', stderr: 'Error: out of memory\n' }));
  assert.match(hint ?? '', /^the app said 'Server running at http:\/\/localhost:3000\/'; loadlab set PORT=41234: make the app read process\.env\.PORT/);
});

test('explainStartFailure: an app that listens on PORT and on another port too gets no PORT hint', () => {
  assert.equal(explainStartFailure(facts({ stdout: 'listening on 41234, metrics on 9100\n', listening: [9100, 41234] })).hint, undefined);
});

test('explainStartFailure: EADDRINUSE on a port of its own is the app ignoring PORT, not a race', () => {
  const { lines, hint } = explainStartFailure(
    facts({ headline: 'proxy instance 2: the app /srv/app/server.js exited during start with exit code 1', stderr: addressInUse(8123) }),
  );
  assert.ok(lines.includes('  Error: listen EADDRINUSE: address already in use :::8123'), lines.join('\n'));
  assert.match(
    hint ?? '',
    /^the app said 'Error: listen EADDRINUSE: address already in use :::8123'; loadlab set PORT=41234: it binds 8123 whatever PORT says/,
  );
  assert.match(hint ?? '', /make the app read process\.env\.PORT, or use an external topology$/);
  assert.doesNotMatch(hint ?? '', /another process took it/);
});

test('explainStartFailure: an app that listens on PORT gets no PORT hint, whatever it says of another port', () => {
  assert.equal(explainStartFailure(facts({ stdout: 'admin server ready on 9100\n', listening: [41234] })).hint, undefined);
});

test('explainStartFailure: an EADDRINUSE that names no port is taken for a port taken meanwhile', () => {
  const { hint } = explainStartFailure(facts({ stderr: 'Error: EADDRINUSE\n' }));
  assert.match(hint ?? '', /^the port in PORT was free when loadlab chose it/);
});

test('explainStartFailure: EADDRINUSE on PORT itself is a port taken meanwhile', () => {
  const { hint } = explainStartFailure(facts({ stderr: addressInUse(41234) }));
  assert.match(hint ?? '', /^the port in PORT was free when loadlab chose it, and another process took it before the app listened/);
});

test('explainStartFailure: an external command is told to listen on PORT or get the right url', () => {
  const { lines, hint } = explainStartFailure(
    facts({
      headline: 'external: npx json-server db.json did not answer',
      started: 'command',
      stdout: 'JSON Server started on PORT :3000\n',
      listening: [3000],
    }),
  );
  assert.equal(lines[1], 'loadlab set PORT=41234; it listens on port 3000');
  assert.equal(
    hint,
    "the command said 'JSON Server started on PORT :3000'; loadlab set PORT=41234: make the command listen on PORT, or give the topology a url with the port it listens on",
  );
});

test('explainStartFailure: notes follow the PORT line; an app still listening on nothing says so', () => {
  const { lines } = explainStartFailure(facts({ notes: ['PM2 restarted its instances 20 times'], listening: [] }));
  assert.deepEqual(lines.slice(1), ['loadlab set PORT=41234; the app listens on no TCP port yet', 'PM2 restarted its instances 20 times']);
});
