import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { explainStartFailure, type StartFailureFacts } from '../../../src/deploy/start-failure.js';
import { repoRoot } from '../../helpers/cli.js';

/** The troubleshooting guide quotes loadlab's start-failure messages: they must be the ones it writes. */
const guide = readFileSync(join(repoRoot, 'docs', 'getting-started.md'), 'utf8');
const flat = guide.replace(/\s+/g, ' ');

function appSaid(port: number, text: string, listening?: number[]): StartFailureFacts {
  return {
    headline: 'single: the app /srv/app/server.js did not answer / with 2xx within 3000 ms (last: ECONNREFUSED)',
    port,
    ...(listening ? { listening } : {}),
    output: [{ name: 'stdout', lines: { tail: [{ index: 0, text }], telling: [{ index: 0, text, count: 1 }] } }],
    started: 'app',
  };
}

test("the guide's example message is what loadlab writes for an app that listens on its own port", () => {
  const { lines, hint } = explainStartFailure(appSaid(41234, 'listening on 8123', [8123]));
  const message = [...lines, `hint: ${hint ?? ''}`].join('\n');
  assert.ok(guide.includes('```\n' + message + '\n```'), message);
});

test('each hint the guide quotes is one loadlab gives', () => {
  const ownPort = explainStartFailure(appSaid(41234, 'listening on 8123')).hint ?? '';
  assert.ok(flat.includes(`hint: ${ownPort}`), ownPort);
  const hardCoded = explainStartFailure(appSaid(41234, 'Error: listen EADDRINUSE: address already in use :::8123')).hint ?? '';
  const quoted =
    'it binds 8123 whatever PORT says, so only one process can listen there (of several instances the first takes it, and the others fail like this)';
  assert.ok(hardCoded.includes(quoted) && flat.includes(quoted), hardCoded);
  const race = explainStartFailure(appSaid(41234, 'Error: listen EADDRINUSE: address already in use :::41234')).hint ?? '';
  assert.ok(race.startsWith('the port in PORT was free when loadlab chose it, and another process took it before the app listened'), race);
  assert.ok(flat.includes('hint: the port in PORT was free when loadlab chose it, and another process took it before the app listened'));
});
