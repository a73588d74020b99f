import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkMachine } from '../../../src/analysis/doctor/doctor-checks.js';
import type { SystemLimits, ToolStatus } from '../../../src/contract/doctor-report.js';
import { isLoopback } from '../../../src/measure/plan.js';
import { findOnPath } from '../../../src/deploy/find-executable.js';
import { nginxConfig } from '../../../src/deploy/balancers/nginx.js';
import { haproxyConfig } from '../../../src/deploy/balancers/haproxy.js';
import { appExitFromDaemonLog } from '../../../src/deploy/topologies/pm2-app-exit.js';
import { describeExit } from '../../../src/deploy/start-failure.js';
import { runtimeCommand } from '../../../src/deploy/runtime-command.js';
import { TopologyUnavailable } from '../../../src/contract/errors.js';
import { spawnSync } from 'node:child_process';
import { tempDir } from '../../helpers/cli.js';
import { toolsNeeded } from '../../../src/deploy/tools-needed.js';
import { topologies, type TopologySpec } from '../../../src/deploy/topologies/index.js';
import { validateScenario } from '../../../src/scenario/validate.js';

describe('isLoopback', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['[::1]', true],
    ['::1', true],
    ['10.0.0.1', false],
    ['192.168.1.1', false],
    ['example.com', false],
    ['127.0.0.1.example.com', false],
    ['0.0.0.0', false],
  ];
  for (const [host, expected] of cases) test(`${host} → ${expected}`, () => assert.equal(isLoopback(host), expected));
});

describe('nginxConfig', () => {
  const config = nginxConfig({ prefix: '/tmp/loadlab-nginx-x', listenPort: 4000, upstreamPorts: [4001, 4002], workerProcesses: 2, runAsRoot: false });

  test('listens on loopback only, one upstream server per instance, keep-alive to them, no access log', () => {
    assert.match(config, /listen 127\.0\.0\.1:4000 /);
    assert.match(config, /server 127\.0\.0\.1:4001;\n\s+server 127\.0\.0\.1:4002;/);
    assert.match(config, /keepalive \d+;/);
    assert.match(config, /proxy_http_version 1\.1;/);
    assert.match(config, /proxy_set_header Connection "";/);
    assert.match(config, /access_log off;/);
    assert.match(config, /worker_processes 2;/);
    assert.match(config, /daemon off;/);
  });

  test('every file nginx writes is inside the private prefix', () => {
    const paths = [...config.matchAll(/(?:pid|error_log|_temp_path) (\S+?);?\s/g)].map((match) => match[1] ?? '');
    assert.ok(paths.length >= 7, `${paths}`);
    for (const path of paths) assert.ok(path.startsWith('/tmp/loadlab-nginx-x/'), path);
  });

  test('a user directive only when run as root', () => {
    assert.doesNotMatch(config, /^user /m);
    assert.match(nginxConfig({ prefix: '/p', listenPort: 1, upstreamPorts: [2], workerProcesses: 1, runAsRoot: true }), /^user root;$/m);
  });
});

describe('haproxyConfig', () => {
  const config = haproxyConfig({ listenPort: 4000, upstreamPorts: [4001, 4002], threads: 2 });

  test('binds loopback only, one server per instance, round robin, keep-alive with reuse, its threads', () => {
    assert.match(config, /bind 127\.0\.0\.1:4000\n/);
    assert.match(config, /server instance1 127\.0\.0\.1:4001\n\s+server instance2 127\.0\.0\.1:4002\n/);
    assert.match(config, /balance roundrobin/);
    assert.match(config, /option http-keep-alive/);
    assert.match(config, /http-reuse always/);
    assert.match(config, /nbthread 2\n/);
    assert.doesNotMatch(config, /^\s*daemon/m);
  });

  const haproxy = findOnPath('haproxy');
  test('the installed haproxy accepts it (haproxy -c)', { skip: haproxy ? false : 'haproxy is not installed (apt-get install haproxy)' }, () => {
    const file = join(tempDir(), 'haproxy.cfg');
    writeFileSync(file, config);
    const check = spawnSync(haproxy ?? 'haproxy', ['-c', '-f', file], { encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    assert.doesNotMatch(`${check.stdout}${check.stderr}`, /\[WARNING\]/);
  });
});

describe('findOnPath', () => {
  test('finds an executable file, skips a non-executable one and folders', () => {
    const first = tempDir();
    const second = tempDir();
    writeFileSync(join(first, 'tool'), '#!/bin/sh\n');
    writeFileSync(join(second, 'tool'), '#!/bin/sh\n');
    chmodSync(join(second, 'tool'), 0o755);
    assert.equal(findOnPath('tool', `${first}:${second}`), join(second, 'tool'));
    assert.equal(findOnPath('missing-tool', `${first}:${second}`), undefined);
  });
});

describe('checkMachine', () => {
  const limits: SystemLimits = {
    openFiles: { soft: 1024, hard: 4096 },
    somaxconn: 128,
    tcpMaxSynBacklog: 256,
    ephemeralPorts: { low: 32768, high: 60999 },
    cores: 2,
    memoryBytes: 8 * 2 ** 30,
    cgroup: { cpuCores: null, memoryBytes: null },
  };
  const node = 'v20.20.2';
  const nginx: ToolStatus = {
    name: 'nginx',
    kind: 'program',
    path: '/usr/sbin/nginx',
    version: '1.22.1',
    neededBy: [],
    install: 'apt-get install nginx',
    pathField: 'proxy.nginxPath',
  };
  const pm2: ToolStatus = { name: 'pm2', kind: 'package', path: '/x/node_modules/pm2', version: '7.0.4', neededBy: [], install: 'npm install' };
  const tools = [nginx, pm2];
  const warned = (findings: ReturnType<typeof checkMachine>) => findings.filter((finding) => finding.status === 'warn').map((finding) => finding.name);

  test('without a scenario, limits alone are not warnings', () => {
    assert.deepEqual(warned(checkMachine(limits, node, tools)), []);
  });

  test('a scenario within the limits: no warning', () => {
    assert.deepEqual(warned(checkMachine(limits, node, tools, { connections: 100, kinds: ['single'], filesPerConnection: 1 })), []);
  });

  test('connections beyond somaxconn, the SYN backlog and the open files: each named, with the setting to change', () => {
    const findings = checkMachine(limits, node, tools, { connections: 1000, kinds: ['single', 'proxy'], filesPerConnection: 2 });
    assert.deepEqual(warned(findings), ['open files (soft / hard)', 'net.core.somaxconn', 'net.ipv4.tcp_max_syn_backlog']);
    assert.match(findings.find((finding) => finding.name === 'net.core.somaxconn')?.hint ?? '', /sysctl -w net\.core\.somaxconn=1024/);
    assert.match(findings[0]?.hint ?? '', /2256 open files.*ulimit -n 4096/);
  });

  test('no hint asks for more open files than the hard limit allows: the hard limit is raised first', () => {
    const hint = (connections: number, hard: number | null) =>
      checkMachine({ ...limits, openFiles: { soft: 1024, hard } }, node, tools, { connections, kinds: ['single'], filesPerConnection: 1 })[0]?.hint ?? '';
    // 12,000 connections need 12,256 files; the next power of two, 16,384, is below a hard limit of 20,000
    assert.match(hint(12_000, 20_000), /ulimit -n 16384 /);
    // 17,000 need 17,256: 32,768 would be refused with a hard limit of 20,000, so the hard limit itself
    assert.match(hint(17_000, 20_000), /raise the limit to the hard limit with ulimit -n 20000$/);
    assert.doesNotMatch(hint(17_000, 20_000), /32768/);
    // 30,000 need more than the hard limit: raise it first
    assert.match(hint(30_000, 20_000), /more than the hard limit of 20000: raise the hard limit first \(as root: ulimit -Hn 32768/);
    assert.match(hint(30_000, null), /ulimit -n 32768/);
  });

  test('a missing tool: a warning without a scenario, "cannot run" (fail) when the scenario needs it, only listed when nothing does', () => {
    const missing = (neededBy: string[]): ToolStatus[] => [{ ...nginx, path: null, version: null, neededBy }, pm2];
    const failed = (findings: ReturnType<typeof checkMachine>) => findings.filter((finding) => finding.status === 'fail').map((finding) => finding.name);
    assert.deepEqual(warned(checkMachine(limits, node, missing(['the proxy topology']))), ['nginx']);
    const needed = checkMachine(limits, node, missing(["topology 'lb' (proxy, nginx)"]), { connections: 10, kinds: ['proxy'], filesPerConnection: 2 });
    assert.deepEqual([warned(needed), failed(needed)], [[], ['nginx']]);
    assert.deepEqual(
      needed.find((finding) => finding.name === 'nginx'),
      {
        name: 'nginx',
        value: 'not found',
        status: 'fail',
        hint: "topology 'lb' (proxy, nginx) needs it: apt-get install nginx (or set proxy.nginxPath)",
      },
    );
    const unneeded = checkMachine(limits, node, missing([]), { connections: 10, kinds: ['single'], filesPerConnection: 1 });
    assert.deepEqual([warned(unneeded), failed(unneeded)], [[], []]);
    assert.equal(unneeded.find((finding) => finding.name === 'nginx')?.value, 'not found (this scenario does not need it)');
    const elsewhere = checkMachine(limits, node, [{ ...nginx, path: null, version: null, neededBy: ['x'], configuredPath: '/opt/nginx' }], {
      connections: 1,
      kinds: ['proxy'],
      filesPerConnection: 2,
    });
    assert.match(elsewhere.at(-1)?.value ?? '', /^not found at \/opt\/nginx$/);
    assert.match(elsewhere.at(-1)?.hint ?? '', /\(or fix proxy\.nginxPath\)$/);
  });

  test('a tool found: its version, and a program its path', () => {
    const findings = checkMachine(limits, node, tools);
    assert.equal(findings.find((finding) => finding.name === 'nginx')?.value, '1.22.1 (/usr/sbin/nginx)');
    assert.equal(findings.find((finding) => finding.name === 'pm2')?.value, '7.0.4');
  });

  test('a cgroup CPU limit below the visible cores is a warning', () => {
    assert.deepEqual(warned(checkMachine({ ...limits, cgroup: { cpuCores: 1, memoryBytes: null } }, node, tools)), ['cgroup CPU limit']);
  });
});

describe('the tools a scenario needs, from what its topologies, balancers and runtimes declare', () => {
  const folder = tempDir('loadlab-tools-');
  writeFileSync(join(folder, 'server.js'), '');
  writeFileSync(join(folder, 'server.ts'), '');
  const needs = (entry: string, topologyList: Record<string, unknown>[]) => {
    const result = validateScenario<TopologySpec>(
      { app: { entry }, topologies: topologyList, workloads: { home: { requests: [{ path: '/' }] } } },
      { file: join(folder, 'scenario.ts'), cores: 2, topologies },
    );
    assert.ok('scenario' in result, JSON.stringify(result));
    return Object.fromEntries(toolsNeeded(result.scenario, folder).map((need) => [need.tool.name, need.neededBy]));
  };

  test('a HAProxy proxy needs haproxy, not nginx; PM2 its package; a JavaScript entry nothing more', () => {
    assert.deepEqual(
      needs('./server.js', [{ kind: 'single' }, { kind: 'pm2', instances: 2 }, { name: 'lb', kind: 'proxy', balancer: 'haproxy', instances: 2 }]),
      {
        pm2: ["topology 'pm2' (pm2)"],
        haproxy: ["topology 'lb' (proxy, haproxy)"],
        nginx: [],
        tsx: [],
        bun: [],
      },
    );
  });

  test('a TypeScript entry needs tsx wherever loadlab starts the app; a proxy without a balancer named needs nginx', () => {
    const found = needs('./server.ts', [{ kind: 'single' }, { kind: 'proxy', instances: 2 }, { kind: 'external', url: 'http://127.0.0.1:1' }]);
    assert.deepEqual(found.tsx, ["topology 'single' (the app under tsx)", "topology 'proxy' (the app under tsx)"]);
    assert.deepEqual(found.nginx, ["topology 'proxy' (proxy, nginx)"]);
  });

  test("the app under bun (the validated app's runtime): bun is needed, looked for in the project's node_modules/.bin first", () => {
    mkdirSync(join(folder, 'node_modules/.bin'), { recursive: true });
    const result = validateScenario<TopologySpec>(
      {
        app: { entry: './server.js', runtime: 'bun' },
        topologies: [{ kind: 'single' }, { kind: 'external', url: 'http://127.0.0.1:1' }],
        workloads: { home: { requests: [{ path: '/' }] } },
      },
      { file: join(folder, 'scenario.ts'), cores: 2, topologies },
    );
    assert.ok('scenario' in result);
    const bun = toolsNeeded(result.scenario, folder).find((need) => need.tool.name === 'bun');
    assert.deepEqual(bun?.neededBy, ["topology 'single' (the app under bun)"]);
    assert.equal(bun?.folders[0], join(folder, 'node_modules/.bin'));
  });

  test('without a scenario: what the deployments loadlab init writes need (pm2, nginx), every other tool listed', () => {
    const found = Object.fromEntries(toolsNeeded(undefined, folder).map((need) => [need.tool.name, need.neededBy.length > 0]));
    assert.deepEqual(found, { pm2: true, nginx: true, haproxy: false, tsx: false, bun: false });
  });
});

test("a PM2 app's exit, from its daemon's log: the app's own code or signal, and code 0 where PM2 wrote SIGINT for none", () => {
  const log = (code: string, signal: string) =>
    [
      '2026-12-07T18:50:01: PM2 log: App [loadlab-app:0] starting in -cluster mode-',
      `2026-12-07T18:50:01: PM2 log: App [loadlab-app:0] exited with code [${code}] via signal [${signal}]`,
      '2026-12-07T18:50:01: PM2 log: App [loadlab-app:0] starting in -cluster mode-',
    ].join('\n');
  assert.deepEqual(appExitFromDaemonLog(log('3', 'SIGINT'), 'loadlab-app'), { code: 3, signal: null });
  assert.deepEqual(appExitFromDaemonLog(log('0', 'SIGINT'), 'loadlab-app'), { code: 0, signal: null });
  assert.deepEqual(appExitFromDaemonLog(log('0', 'SIGKILL'), 'loadlab-app'), { code: null, signal: 'SIGKILL' });
  assert.equal(appExitFromDaemonLog(log('3', 'SIGINT'), 'another-app'), undefined);
  assert.equal(appExitFromDaemonLog('', 'loadlab-app'), undefined);
  assert.equal(describeExit({ code: 0, signal: null }), 'exit code 0');
  assert.equal(describeExit({ code: null, signal: 'SIGKILL' }), 'signal SIGKILL');
});

test("runtimes: tsx is node with loadlab's own loader; bun is the project's, found above the project folder, else PATH's, else unavailable", () => {
  const project = tempDir();
  mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
  const bun = join(project, 'node_modules', '.bin', 'bun');
  writeFileSync(bun, '#!/bin/sh\n');
  chmodSync(bun, 0o755);
  mkdirSync(join(project, 'packages', 'api'), { recursive: true });
  const tsx = runtimeCommand('tsx', project);
  assert.deepEqual(tsx.args.slice(0, 1), ['--import']);
  assert.match(tsx.args[1] ?? '', /^file:\/\/.*\/node_modules\/tsx\/dist\/loader\.mjs$/);
  assert.deepEqual(runtimeCommand('node', project).args, []);
  assert.equal(runtimeCommand('bun', join(project, 'packages', 'api')).executable, bun);
  const elsewhere = tempDir();
  const saved = process.env.PATH;
  process.env.PATH = elsewhere;
  try {
    assert.throws(
      () => runtimeCommand('bun', elsewhere),
      (error: unknown) => error instanceof TopologyUnavailable && /bun not found .*npm install --save-dev bun/.test(error.message),
    );
  } finally {
    process.env.PATH = saved;
  }
});
