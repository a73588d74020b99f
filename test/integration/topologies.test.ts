import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/contract/run-report.js';
import { findFreePort } from '../../src/deploy/free-port.js';
import { findOnPath } from '../../src/deploy/find-executable.js';
import {
  alivePids,
  fixtureScenario,
  leftoverFolders,
  processesMentioning,
  repoRoot,
  runCli,
  startCli,
  tempDir,
  waitForOutput,
  writtenReport,
  demoEntry,
  readyPort,
} from '../helpers/cli.js';
import { listeningPortsOf, untilLoadConnected } from '../helpers/process-tree.js';

const haproxySkip = findOnPath('haproxy') ? false : 'haproxy is not installed (apt-get install haproxy)';
const nginxSkip = findOnPath('nginx') ? false : 'nginx is not installed (apt-get install nginx): the proxy topology tests cannot run';

/** A fingerprint of ~/.pm2: whether it exists and every entry's name, size and mtime. */
function pm2HomeFingerprint(): string {
  const home = join(homedir(), '.pm2');
  if (!existsSync(home)) return 'absent';
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      const info = statSync(path);
      return info.isDirectory() ? [path, ...walk(path)] : [`${path} ${info.size} ${info.mtimeMs}`];
    });
  return walk(home).join('\n');
}

/** Private folders a topology made in the temporary folder and did not remove. */
async function runJson(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ report: RunReport; stderr: string }> {
  const result = await runCli(['run', ...args, '--json', '--out', tempDir()], { env });
  assert.equal(result.code, 0, result.stderr);
  return { report: JSON.parse(result.stdout) as RunReport, stderr: result.stderr };
}

describe('pm2 topology', () => {
  test('serves the demo app under load; daemon and workers reported; nothing left; ~/.pm2 untouched', async () => {
    const before = pm2HomeFingerprint();
    const { report } = await runJson([fixtureScenario('pm2-demo.ts')]);
    const [trial] = report.trials;
    assert.ok(trial);
    assert.ok(trial.requests.rps > 0, `rps ${trial.requests.rps}`);
    assert.equal(trial.requests.errors, 0);
    assert.equal(trial.requests.non2xx, 0);
    const roles = trial.processes.map((info) => info.role).sort();
    assert.deepEqual(roles, ['daemon', 'worker', 'worker']);
    const workers = trial.probes.processes.filter((probe) => probe.role === 'worker');
    const counted = workers.reduce((sum, probe) => sum + (probe.requests?.total ?? 0), 0);
    assert.ok(counted > 0.9 * trial.requests.total, `the agent counted ${counted} of ${trial.requests.total} requests in the PM2 workers`);
    assert.deepEqual(alivePids(trial.processes.map((info) => info.pid)), []);
    assert.deepEqual(processesMentioning(demoEntry), []);
    assert.deepEqual(leftoverFolders('loadlab-pm2-'), []);
    assert.equal(pm2HomeFingerprint(), before, '~/.pm2 neither created nor changed');
  });
});

describe('proxy topology (nginx)', () => {
  test('serves the demo app behind nginx; balancer and instances reported; nothing left', { skip: nginxSkip }, async () => {
    const { report } = await runJson([fixtureScenario('proxy-demo.ts'), '--topology', 'proxy']);
    const [trial] = report.trials;
    assert.ok(trial);
    assert.ok(trial.requests.rps > 0, `rps ${trial.requests.rps}`);
    assert.equal(trial.requests.errors, 0);
    assert.equal(trial.requests.non2xx, 0);
    const instances = trial.processes.filter((info) => info.role === 'instance');
    const balancers = trial.processes.filter((info) => info.role === 'balancer');
    assert.equal(instances.length, 2);
    assert.ok(balancers.length >= 2, `nginx master and worker: ${JSON.stringify(balancers)}`);
    const instanceRequests = trial.probes.processes.filter((probe) => probe.role === 'instance').map((probe) => probe.requests?.total ?? 0);
    assert.ok(
      instanceRequests.every((count) => count > 0),
      `both instances served: ${instanceRequests}`,
    );
    assert.deepEqual(alivePids(trial.processes.map((info) => info.pid)), []);
    assert.deepEqual(processesMentioning(demoEntry), []);
    assert.deepEqual(leftoverFolders('loadlab-nginx-'), []);
  });

  test('nginx hidden from PATH: the proxy topology is skipped with the message, the others run, exit 0', async () => {
    const path = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((folder) => !existsSync(join(folder, 'nginx')))
      .join(delimiter);
    const { report, stderr } = await runJson([fixtureScenario('proxy-demo.ts')], { PATH: path });
    assert.deepEqual(
      report.trials.map((trial) => trial.topology),
      ['single'],
    );
    assert.deepEqual(report.skipped, [{ topology: 'proxy', reason: 'nginx not found: install it (apt-get install nginx) or set proxy.nginxPath' }]);
    assert.match(stderr, /proxy skipped: nginx not found: install it \(apt-get install nginx\) or set proxy\.nginxPath/);
    assert.ok(
      report.warnings.some((warning) => warning.includes('proxy skipped')),
      'every report shows the skip',
    );
  });
});

describe('proxy topology (HAProxy)', () => {
  const haproxySkip = findOnPath('haproxy') ? false : 'haproxy is not installed (apt-get install haproxy)';
  test(
    'HAProxy beside nginx, on the same instances: both serve, each balancer and its instances reported; nothing left',
    { skip: haproxySkip || nginxSkip },
    async () => {
      const { report } = await runJson([fixtureScenario('proxy-balancers.ts')]);
      assert.deepEqual(
        report.trials.map((trial) => trial.topology),
        ['nginx', 'haproxy'],
      );
      for (const trial of report.trials) {
        assert.ok(trial.requests.rps > 0, `${trial.topology} rps ${trial.requests.rps}`);
        assert.equal(trial.requests.errors + trial.requests.non2xx, 0, trial.topology);
        assert.equal(trial.processes.filter((info) => info.role === 'instance').length, 2);
        assert.ok(
          trial.processes.some((info) => info.role === 'balancer'),
          `${trial.topology}: ${JSON.stringify(trial.processes)}`,
        );
        const served = trial.probes.processes.filter((probe) => probe.role === 'instance').map((probe) => probe.requests?.total ?? 0);
        assert.ok(
          served.every((count) => count > 0),
          `${trial.topology}: both instances served: ${served}`,
        );
        assert.deepEqual(alivePids(trial.processes.map((info) => info.pid)), []);
      }
      assert.deepEqual(processesMentioning(demoEntry), []);
      assert.deepEqual([...leftoverFolders('loadlab-haproxy-'), ...leftoverFolders('loadlab-nginx-')], []);
    },
  );

  test('haproxy hidden from PATH: that topology is skipped with how to install it, the other runs', { skip: nginxSkip }, async () => {
    // nginx and haproxy share /usr/sbin: keep nginx reachable through a folder of its own
    const nginxOnly = tempDir();
    symlinkSync(findOnPath('nginx') ?? 'nginx', join(nginxOnly, 'nginx'));
    const others = (process.env.PATH ?? '').split(delimiter).filter((folder) => !existsSync(join(folder, 'haproxy')));
    const { report } = await runJson([fixtureScenario('proxy-balancers.ts')], { PATH: [nginxOnly, ...others].join(delimiter) });
    assert.deepEqual(
      report.trials.map((trial) => trial.topology),
      ['nginx'],
    );
    assert.deepEqual(report.skipped, [{ topology: 'haproxy', reason: 'haproxy not found: install it (apt-get install haproxy) or set proxy.haproxyPath' }]);
  });
});

test('every topology skipped (nginx hidden, --topology proxy): nothing measured, exit 3, the reason said', async () => {
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((folder) => !existsSync(join(folder, 'nginx')))
    .join(delimiter);
  const result = await runCli(['run', fixtureScenario('proxy-demo.ts'), '--topology', 'proxy', '--out', tempDir()], { env: { PATH: path } });
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /nothing was measured: every topology was skipped\n\s+proxy: nginx not found/);
  assert.doesNotMatch(result.stderr, /report written/);
});

describe('external topology', () => {
  test('a server already running: loadlab loads it, probes the given pids, and leaves it running', async () => {
    const port = await findFreePort();
    const server = spawn(process.execPath, [`${repoRoot}/test/fixtures/servers/fixed-delay.js`], {
      env: { ...process.env, PORT: String(port) },
      stdio: 'ignore',
    });
    try {
      const { report } = await runJson([fixtureScenario('external.ts')], { EXTERNAL_URL: `http://127.0.0.1:${port}`, EXTERNAL_PIDS: String(server.pid) });
      const [trial] = report.trials;
      assert.ok(trial && trial.requests.rps > 0);
      assert.deepEqual(trial.processes, [{ pid: server.pid, role: 'instance' }]);
      assert.ok(trial.probes.processes[0]?.cpu, 'CPU sampled from /proc for the given pid');
      assert.deepEqual(alivePids([server.pid ?? -1]), [server.pid], 'loadlab did not stop a server it did not start');
    } finally {
      server.kill('SIGKILL');
    }
  });

  test('a command: started with PORT, loaded, and stopped', async () => {
    const port = await findFreePort();
    const command = JSON.stringify([process.execPath, `${repoRoot}/test/fixtures/servers/fixed-delay.js`]);
    const { report } = await runJson([fixtureScenario('external.ts')], { EXTERNAL_URL: `http://127.0.0.1:${port}`, EXTERNAL_COMMAND: command });
    const [trial] = report.trials;
    assert.ok(trial && trial.requests.rps > 0);
    assert.deepEqual(alivePids(trial.processes.map((info) => info.pid)), []);
    assert.deepEqual(processesMentioning(`${repoRoot}/test/fixtures/servers/fixed-delay.js`), []);
  });

  // json-server through npx measured npx: 2% CPU and no connection at 1,600 req/s (issue 25)
  const fixedPort = `${repoRoot}/test/fixtures/servers/fixed-port.js`;
  const wrappers: [string, (port: number) => string[]][] = [
    ['npx', () => ['npx', '--no', '--', 'node', fixedPort]],
    ['sh -c', () => ['sh', '-c', `"${process.execPath}" "${fixedPort}"; exit`]],
  ];
  for (const [wrapper, command] of wrappers) {
    test(`a command through ${wrapper}, with its own readiness and no app: the server probed, not the wrapper`, async () => {
      const port = await findFreePort();
      const child = startCli(['run', fixtureScenario('external-own-readiness.ts'), '--json', '--out', tempDir()], {
        env: { EXTERNAL_URL: `http://127.0.0.1:${port}`, EXTERNAL_COMMAND: JSON.stringify(command(port)), FIXED_PORT: String(port) },
      });
      const progress = await waitForOutput(child, 'stderr', (text) => /external ready at .*\)\n/.test(text), 60_000);
      const probed = [...progress.matchAll(/instance (\d+)/g)].map((match) => Number(match[1]));
      // read while the run is on: the pid loadlab probes is the one that holds the listening socket
      assert.deepEqual(
        probed.map((pid) => listeningPortsOf([pid])),
        [[port]],
        progress,
      );
      const result = await child.result;
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout) as RunReport;
      const trial = report.trials[0];
      assert.ok(trial && trial.requests.total > 0 && trial.requests.non2xx === 0, JSON.stringify(trial?.requests));
      assert.deepEqual(
        trial.processes.map((info) => info.pid),
        probed,
      );
      const [server] = trial.probes.processes;
      assert.ok((server?.cpu?.mean ?? 0) > 0, `CPU of the server: ${JSON.stringify(server?.cpu)}`);
      assert.ok((server?.connections?.max ?? 0) > 0, `connections of the server: ${JSON.stringify(server?.connections)}`);
      assert.deepEqual(
        report.warnings.filter((warning) => /listens on port/.test(warning)),
        [],
      );
      assert.deepEqual(processesMentioning(fixedPort), []);
    });
  }

  test('a command whose server leaves its tree (a daemon): the report warns that the probes watch the command itself', async () => {
    const port = await findFreePort();
    // the subshell exits at once and setsid leaves its group: the server is no process of the command's
    const daemonize = `(setsid "${process.execPath}" "${fixedPort}" > /dev/null 2>&1 &); sleep 30`;
    try {
      const { report } = await runJson([fixtureScenario('external-own-readiness.ts')], {
        EXTERNAL_URL: `http://127.0.0.1:${port}`,
        EXTERNAL_COMMAND: JSON.stringify(['sh', '-c', daemonize]),
        FIXED_PORT: String(port),
      });
      const [probed] = report.trials[0]?.processes ?? [];
      assert.ok(probed);
      assert.ok(
        report.warnings.includes(
          `external: no process started by \`sh -c ${daemonize}\` listens on port ${port}: the probes watched the command's own process (pid ${probed.pid}), which may be a wrapper that does no serving`,
        ),
        report.warnings.join('\n'),
      );
    } finally {
      for (const { pid } of processesMentioning(fixedPort)) process.kill(pid, 'SIGKILL');
    }
  });

  test('a command that does not exist: exit 3, and the message says why', async () => {
    const port = await findFreePort();
    const result = await runCli(['run', fixtureScenario('external.ts'), '--out', tempDir()], {
      env: { EXTERNAL_URL: `http://127.0.0.1:${port}`, EXTERNAL_COMMAND: JSON.stringify(['/nonexistent/server-binary']) },
    });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /\/nonexistent\/server-binary: spawn \/nonexistent\/server-binary ENOENT/);
  });

  test('a remote URL without --allow-remote is refused with exit 2 before any request', async () => {
    const result = await runCli(['run', fixtureScenario('external.ts'), '--out', tempDir()], { env: { EXTERNAL_URL: 'http://192.0.2.10:8080' } });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /external\.ts: topologies\[0\]\.url: http:\/\/192\.0\.2\.10:8080 is not on this machine .*--allow-remote/);
    assert.doesNotMatch(result.stderr, /starting/, 'nothing was started, nothing was sent');
  });
});

describe('SIGINT in the middle of a trial', () => {
  const cases = [
    { name: 'pm2', scenario: 'pm2-demo.ts', args: [] as string[], ready: /pm2 ready at .*daemon (\d+)/, skip: false as false | string, folder: 'loadlab-pm2-' },
    { name: 'proxy', scenario: 'proxy-demo.ts', args: ['--topology', 'proxy'], ready: /proxy ready at /, skip: nginxSkip, folder: 'loadlab-nginx-' },
  ];
  for (const { name, scenario, args, ready, skip, folder } of cases) {
    test(`${name}: exit 130, nothing left running, the partial report marked interrupted`, { skip }, async () => {
      const out = tempDir();
      const child = startCli(['run', fixtureScenario(scenario), ...args, '--duration', '20s', '--warmup', '0', '--out', out]);
      const progress = await waitForOutput(child, 'stderr', (text) => ready.test(text), 20_000);
      const pids = [...progress.matchAll(/(?:daemon|worker|balancer|instance) (\d+)/g)].map((match) => Number(match[1]));
      assert.ok(pids.length >= 3, progress);
      // the scenario's 10 connections (to the balancer, for the proxy)
      await untilLoadConnected(readyPort(progress), 10);
      child.kill('SIGINT');
      const result = await child.result;
      assert.equal(result.code, 130, result.stderr);
      const report = writtenReport(result.stderr);
      assert.equal(report.interrupted, true);
      assert.ok((report.trials[0]?.requests.total ?? 0) > 0);
      assert.deepEqual(alivePids(pids), []);
      assert.deepEqual(processesMentioning(demoEntry), []);
      assert.deepEqual(leftoverFolders(folder), []);
    });
  }
});

describe('loadlab doctor', () => {
  const read = (file: string) => readFileSync(file, 'utf8').trim();

  test('its figures are the ones in /proc; exit 0 when all is well', async () => {
    const result = await runCli(['doctor', '--json']);
    const { limits, tools, findings } = JSON.parse(result.stdout) as {
      limits: Record<string, unknown> & { openFiles: { soft: number; hard: number }; ephemeralPorts: { low: number; high: number } };
      tools: { nginx: unknown; node: string };
      findings: { status: string }[];
    };
    assert.equal(limits.somaxconn, Number(read('/proc/sys/net/core/somaxconn')));
    assert.equal(limits.tcpMaxSynBacklog, Number(read('/proc/sys/net/ipv4/tcp_max_syn_backlog')));
    const [low, high] = read('/proc/sys/net/ipv4/ip_local_port_range').split(/\s+/).map(Number);
    assert.deepEqual(limits.ephemeralPorts, { low, high });
    const openFiles = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    assert.equal(String(limits.openFiles.soft), openFiles?.[1]);
    assert.equal(String(limits.openFiles.hard), openFiles?.[2]);
    assert.equal(tools.node, process.version);
    assert.equal(tools.nginx === null, findOnPath('nginx') === undefined);
    assert.equal(result.code, findings.some((finding) => finding.status === 'warn') ? 1 : 0);
  });

  test('its cores, memory and cgroup limits are the ones in /proc and /sys, and "none" when there is no limit', async () => {
    const result = await runCli(['doctor', '--json']);
    const { limits, findings } = JSON.parse(result.stdout) as {
      limits: { cores: number; memoryBytes: number; cgroup: { cpuCores: number | null; memoryBytes: number | null } };
      findings: { name: string; value: string }[];
    };
    const shown = (name: string) => findings.find((finding) => finding.name === name)?.value;
    const readIfThere = (file: string) => (existsSync(file) ? read(file) : null);

    // Cores as node:os counts them: the CPUs this process may run on (its affinity), no more than the machine has.
    const allowed = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
    const allowedCount = allowed.split(',').reduce((sum, range) => {
      const [first, last = first] = range.split('-').map(Number);
      return sum + (last ?? 0) - (first ?? 0) + 1;
    }, 0);
    const cpuinfoCount = readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm)?.length ?? 0;
    assert.equal(limits.cores, availableParallelism());
    assert.equal(limits.cores, allowedCount, `Cpus_allowed_list ${allowed}`);
    assert.ok(limits.cores <= cpuinfoCount, `${limits.cores} cores against ${cpuinfoCount} in /proc/cpuinfo`);
    assert.equal(shown('cores'), String(allowedCount));

    const memTotalKiB = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    assert.equal(limits.memoryBytes, memTotalKiB * 1024);
    assert.equal(shown('memory'), `${((memTotalKiB * 1024) / 2 ** 30).toFixed(1)} GiB`);

    // Every cgroup limit file of this process's own cgroups and their ancestors (the test and
    // doctor share them), v2 and v1: doctor reports the tightest, or none when none is set (an
    // absent file, 'max', v1's -1 or a value near 2^63).
    const own = readFileSync('/proc/self/cgroup', 'utf8');
    const folders = (mount: string, pattern: RegExp) => {
      const path = pattern.exec(own)?.[1] ?? '/';
      const parts = path.split('/').filter((part) => part !== '');
      if (parts.includes('..')) return [mount];
      return [...parts.map((_, index) => `/${parts.slice(0, parts.length - index).join('/')}`), ''].map((folder) => `${mount}${folder}`);
    };
    const unified = folders('/sys/fs/cgroup', /^0::(\/.*)$/m);
    const cpuFolders = folders('/sys/fs/cgroup/cpu', /^\d+:[^:]*\bcpu\b[^:]*:(\/.*)$/m);
    const memoryFolders = folders('/sys/fs/cgroup/memory', /^\d+:[^:]*\bmemory\b[^:]*:(\/.*)$/m);
    const cpuLimits = [
      ...unified
        .map((folder) => readIfThere(`${folder}/cpu.max`)?.split(/\s+/))
        .map((parts) => (parts && parts[0] !== 'max' ? Number(parts[0]) / Number(parts[1]) : null)),
      ...cpuFolders
        .map((folder) => [Number(readIfThere(`${folder}/cpu.cfs_quota_us`) ?? -1), Number(readIfThere(`${folder}/cpu.cfs_period_us`) ?? 0)])
        .map(([quota = -1, period = 0]) => (quota > 0 && period > 0 ? quota / period : null)),
    ].filter((limit): limit is number => limit !== null);
    const memoryLimits = [
      ...unified.map((folder) => readIfThere(`${folder}/memory.max`)),
      ...memoryFolders.map((folder) => readIfThere(`${folder}/memory.limit_in_bytes`)),
    ]
      .map((text) => (text === null || text === 'max' ? Number.NaN : Number(text)))
      .filter((bytes) => Number.isFinite(bytes) && bytes > 0 && bytes < 2 ** 60);
    const cpuCores = cpuLimits.length > 0 ? Math.min(...cpuLimits) : null;
    const memoryLimit = memoryLimits.length > 0 ? Math.min(...memoryLimits) : null;
    assert.equal(limits.cgroup.cpuCores, cpuCores, `cgroup folders ${[...unified, ...cpuFolders].join(' ')}`);
    assert.equal(shown('cgroup CPU limit'), cpuCores === null ? 'none' : `${cpuCores} cores`);
    assert.equal(limits.cgroup.memoryBytes, memoryLimit, `cgroup folders ${[...unified, ...memoryFolders].join(' ')}`);
    assert.equal(shown('cgroup memory limit'), memoryLimit === null ? 'none' : `${(memoryLimit / 2 ** 30).toFixed(1)} GiB`);
  });

  test('--json with a scenario: schema, version, the scenario and its connections, and an overall status the exit code agrees with', async () => {
    const result = await runCli(['doctor', fixtureScenario('many-connections.ts'), '--json']);
    const report = JSON.parse(result.stdout) as {
      schema: string;
      loadlab: string;
      status: string;
      scenario: { name: string; connections: number; kinds: string[] } | null;
      findings: { status: string }[];
    };
    assert.equal(report.schema, 'loadlab/doctor@1');
    assert.equal(report.loadlab, (JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string }).version);
    assert.ok(report.scenario && report.scenario.connections > 1000, JSON.stringify(report.scenario));
    assert.equal(report.status, report.findings.some((finding) => finding.status === 'warn') ? 'warn' : 'ok');
    assert.equal(result.code, report.status === 'warn' ? 1 : 0);
    const bare = JSON.parse((await runCli(['doctor', '--json'])).stdout) as { scenario: unknown };
    assert.equal(bare.scenario, null);
  });

  test('a scenario whose connections exceed the limits: warnings naming the settings, exit 1', async () => {
    const result = await runCli(['doctor', fixtureScenario('many-connections.ts')]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /WARN\s+open files.*\n\s+→ .*ulimit -n/);
    assert.match(result.stdout, /WARN\s+net\.core\.somaxconn.*\n\s+→ .*sysctl -w net\.core\.somaxconn=/);
    assert.match(result.stdout, /WARN\s+net\.ipv4\.ip_local_port_range/);
  });

  test('a HAProxy scenario: doctor checks HAProxy (the version haproxy -v prints), not nginx', { skip: haproxySkip }, async () => {
    const json = await runCli(['doctor', fixtureScenario('haproxy-only.ts'), '--json']);
    const report = JSON.parse(json.stdout) as { status: string; tools: Record<string, unknown>; findings: { name: string; status: string; value: string }[] };
    const path = findOnPath('haproxy') ?? '';
    const printed = spawnSync(path, ['-v'], { encoding: 'utf8' }).stdout;
    assert.deepEqual(report.tools.haproxy, { path, version: /HAProxy version (\S+)/.exec(printed)?.[1] });
    assert.equal(report.findings.find((finding) => finding.name === 'haproxy')?.status, 'ok');
    assert.deepEqual(
      report.findings.filter((finding) => finding.name === 'nginx' && finding.status !== 'ok'),
      [],
      'nginx is not needed by a HAProxy scenario',
    );
    const text = await runCli(['doctor', fixtureScenario('haproxy-only.ts')]);
    assert.match(text.stdout, /^ok\s+haproxy\s+\S+ \(\/\S+haproxy\)$/m);
    assert.doesNotMatch(text.stdout, /cannot run/);
  });

  test('a tool the scenario needs is not installed: FAIL with how to install it, "cannot run", exit 3', async () => {
    // a PATH with no haproxy on it (nor anything else): node runs the CLI by its own path
    const result = await runCli(['doctor', fixtureScenario('haproxy-only.ts')], { env: { PATH: tempDir('loadlab-empty-path-') } });
    assert.equal(result.code, 3, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /^FAIL\s+haproxy\s+not found\n\s+→ topology 'lb' \(proxy, haproxy\) needs it: apt-get install haproxy \(or set proxy\.haproxyPath\)$/m,
    );
    assert.match(result.stdout, /\n\nfor haproxy-only: cannot run: haproxy not found\n$/);
    assert.doesNotMatch(result.stdout, /all is well|WARN\s+nginx/);
    // nginx is listed, as every balancer's program is, and needed by nothing here
    assert.match(result.stdout, /^ok\s+nginx\s+not found \(this scenario does not need it\)$/m);
    const json = await runCli(['doctor', fixtureScenario('haproxy-only.ts'), '--json'], { env: { PATH: tempDir('loadlab-empty-path-') } });
    assert.equal(json.code, 3);
    const report = JSON.parse(json.stdout) as { status: string; tools: Record<string, unknown> };
    assert.equal(report.status, 'fail');
    assert.equal(report.tools.haproxy, null);
  });
});

describe('pm2 deployment: reload and restart', () => {
  test('reload replaces the workers one by one and keeps serving; restart too; nothing left after stop', async () => {
    const { ProcessOwner } = await import('../../src/deploy/processes.js');
    const { pm2 } = await import('../../src/deploy/topologies/pm2.js');
    const owner = new ProcessOwner();
    const seen = new Set<number>();
    try {
      const app = { entry: demoEntry, args: [], env: {}, readiness: '/health', startTimeoutMs: 15_000, runtime: 'node' as const, cwd: repoRoot };
      const deployment = await pm2.start({ name: 'pm2', kind: 'pm2', instances: 2, runtime: 'node' }, app, {
        owner,
        signal: new AbortController().signal,
        probeEnv: {},
      });
      const workers = () =>
        deployment
          .processes()
          .filter((info) => info.role === 'worker')
          .map((info) => info.pid);
      const waitForNewWorkers = async (before: number[]) => {
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline) {
          const now = workers();
          if (now.length === 2 && now.every((pid) => !before.includes(pid))) return now;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`the workers were not replaced: before ${before}, now ${workers()}`);
      };
      const first = workers();
      first.forEach((pid) => seen.add(pid));
      assert.equal(first.length, 2);
      await deployment.reload();
      const reloaded = await waitForNewWorkers(first);
      reloaded.forEach((pid) => seen.add(pid));
      assert.equal((await fetch(`${deployment.url}/health`)).status, 200);
      await deployment.restart();
      const restarted = await waitForNewWorkers(reloaded);
      restarted.forEach((pid) => seen.add(pid));
      assert.equal((await fetch(`${deployment.url}/health`)).status, 200);
      const daemon = deployment.processes().find((info) => info.role === 'daemon')?.pid;
      assert.ok(daemon);
      seen.add(daemon);
      await deployment.stop();
      assert.deepEqual(alivePids([...seen]), []);
      assert.deepEqual(leftoverFolders('loadlab-pm2-'), []);
    } finally {
      await owner.stopAll();
    }
  });
});
