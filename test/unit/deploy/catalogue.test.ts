import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { compareTopologies } from '../../../src/analysis/run/comparisons.js';
import { summariseRun } from '../../../src/analysis/run/summary.js';
import { balance } from '../../../src/analysis/verdicts/balance.js';
import type { TrialResult } from '../../../src/contract/trial.js';
import { balancerNames, balancers, defaultBalancer } from '../../../src/deploy/balancers/index.js';
import { toolsNeeded } from '../../../src/deploy/tools-needed.js';
import { topologies } from '../../../src/deploy/topologies/index.js';
import type { Topology } from '../../../src/deploy/topologies/types.js';
import type { TopologySpec } from '../../../src/scenario/scenario.js';
import { acceptTimeSplit, type TopologyTraits, type TraitsByKind } from '../../../src/scenario/topology-catalogue.js';
import type { TopologySpecBase } from '../../../src/scenario/types.js';
import { validateScenario } from '../../../src/scenario/validate.js';
import { distributionOf } from '../../../src/analysis/figures.js';
import { makeReport } from '../../fixtures/report-fixture.js';
import { emptyProbe } from '../../helpers/process-probe.js';
import { tempDir } from '../../helpers/cli.js';

const entries = Object.entries(topologies) as [string, Topology<TopologySpecBase>][];
const folder = tempDir('loadlab-catalogue-');
writeFileSync(join(folder, 'server.js'), '');

/** Validates one topology entry of a scenario with an app; the issues, or the spec. */
function validate(topology: Record<string, unknown>) {
  return validateScenario<TopologySpec>(
    { app: { entry: './server.js' }, topologies: [topology], workloads: { home: { requests: [{ path: '/' }] } } },
    { file: join(folder, 'scenario.ts'), cores: 2, topologies },
  );
}

/** The fields a kind needs to be valid at all: external has no app to start, so an address. */
const required: Record<string, Record<string, unknown>> = { external: { url: 'http://127.0.0.1:1' } };

describe('the topology catalogue: the kinds are its keys', () => {
  test('each entry is filed under its own kind', () => {
    for (const [key, topology] of entries) assert.equal(topology.kind, key);
  });

  test('every kind of the catalogue is one validation accepts, and an unknown kind is told the catalogue’s kinds, in its order', () => {
    for (const [kind] of entries) {
      const result = validate({ kind, ...required[kind] });
      assert.ok('scenario' in result, `${kind}: ${JSON.stringify(result)}`);
      assert.equal(result.scenario.topologies[0]?.kind, kind);
    }
    const unknown = validate({ kind: 'kubernetes' });
    assert.ok('issues' in unknown);
    assert.deepEqual(unknown.issues, [{ path: 'topologies[0].kind', message: `unknown kind 'kubernetes' (${Object.keys(topologies).join(', ')})` }]);
  });
});

describe('what each kind declares of itself', () => {
  test('a kind that can run more than one instance names them; a kind of one instance does not', () => {
    for (const [kind, topology] of entries) {
      const many = topology.instances !== 'one' && topology.instances.default === 'cores';
      assert.equal(topology.instanceUnit !== null, many, `${kind}: instanceUnit ${topology.instanceUnit}`);
    }
    assert.deepEqual(
      entries.map(([kind, topology]) => [kind, topology.instanceUnit, topology.filesPerConnection]),
      [
        ['single', null, 1],
        ['cluster', 'worker', 1],
        ['pm2', 'instance', 1],
        ['proxy', 'instance', 2],
        ['external', null, 1],
      ],
    );
  });

  test('every kind says why its balance may be uneven, in a clause of its own where its processes are handed work their own way', () => {
    for (const [kind, topology] of entries) assert.ok(topology.unevenBecause.length > 20, kind);
    assert.match(topologies.cluster.unevenBecause, /schedulingPolicy/);
    assert.match(topologies.proxy.unevenBecause, /balancer/);
    assert.equal(topologies.single.unevenBecause, acceptTimeSplit);
  });

  test('every tool a spec needs, and every tool needed by default, is among those its kind declares', () => {
    for (const [kind, topology] of entries) {
      const all = topology.tools?.all ?? [];
      assert.equal(new Set(all.map((tool) => tool.name)).size, all.length, `${kind}: a tool declared twice`);
      for (const use of topology.tools?.byDefault ?? []) assert.ok(all.includes(use.tool), `${kind}: ${use.tool.name} by default`);
    }
    for (const balancer of balancerNames) {
      const result = validate({ kind: 'proxy', balancer, instances: 2 });
      assert.ok('scenario' in result);
      const spec = result.scenario.topologies[0] as Extract<TopologySpec, { kind: 'proxy' }>;
      assert.deepEqual(
        topologies.proxy.tools.needs(spec).map((use) => use.tool),
        [balancers[balancer].tool],
      );
    }
    assert.deepEqual(
      topologies.proxy.tools.all.map((tool) => tool.name),
      balancerNames.map((name) => balancers[name].tool.name),
    );
    assert.deepEqual(topologies.proxy.tools.byDefault, [{ tool: balancers[defaultBalancer].tool, note: `${defaultBalancer}, its default balancer` }]);
  });

  test('a balancer’s program is found by its name, and its install hint names it', () => {
    for (const name of balancerNames) {
      const { tool } = balancers[name];
      assert.equal(tool.command, name);
      assert.match(tool.install, new RegExp(name));
      assert.equal(tool.pathField, `proxy.${name}Path`);
    }
  });

  test('doctor for a HAProxy scenario: HAProxy is needed, at the path the scenario gives; nginx is listed, needed by nothing', () => {
    const result = validate({ name: 'lb', kind: 'proxy', balancer: 'haproxy', haproxyPath: '/opt/haproxy/sbin/haproxy', instances: 2 });
    assert.ok('scenario' in result);
    const needs = toolsNeeded(result.scenario, folder);
    const haproxy = needs.find((need) => need.tool.name === 'haproxy');
    assert.deepEqual([haproxy?.neededBy, haproxy?.configuredPath], [["topology 'lb' (proxy, haproxy)"], '/opt/haproxy/sbin/haproxy']);
    assert.deepEqual(needs.find((need) => need.tool.name === 'nginx')?.neededBy, []);
  });
});

describe('analysis reads the traits it is given, not a list of kinds of its own', () => {
  const report = makeReport();
  const pick = (topology: string) => structuredClone(report.trials.find((trial) => trial.topology === topology && trial.workload === 'cpu')) as TrialResult;
  const withTraits = (kind: string, traits: Partial<TopologyTraits>): TraitsByKind => ({
    ...topologies,
    [kind]: { ...topologies.single, instanceUnit: null, ...traits },
  });

  test('the summary names instances by their kind’s unit; a kind the catalogue does not know counts instances', () => {
    const single = pick('single');
    const cluster = pick('cluster');
    const trials = [single, cluster];
    const first = (traits: TraitsByKind) => summariseRun(trials, compareTopologies(trials, null), traits)[0] ?? '';
    assert.match(first(topologies), /cluster \(2 workers\)/);
    assert.match(first(withTraits('cluster', { instanceUnit: 'replica' })), /cluster \(2 replicas\)/);
    const foreign = [single, { ...cluster, kind: 'kubernetes' }];
    assert.match(summariseRun(foreign, compareTopologies(foreign, null), topologies)[0] ?? '', /cluster \(2 instances\)/);
  });

  test('the balance verdict’s likely cause is the kind’s own; a kind the catalogue does not know gets the split at accept time', () => {
    const trial = pick('cluster');
    trial.probes.processes = [1, 2].map((pid) => emptyProbe(pid, 'worker'));
    trial.probes.distribution = { requests: distributionOf([90, 10].map((amount, index) => ({ pid: index + 1, amount }))), connections: null };
    const cause = (kind: string, traits: TraitsByKind) =>
      /likely cause: (.*)$/.exec(balance({ ...trial, kind }, { ...report, topologies: traits }).message)?.[1];
    assert.equal(cause('cluster', topologies), topologies.cluster.unevenBecause);
    assert.equal(cause('cluster', withTraits('cluster', { unevenBecause: 'the moon' })), 'the moon');
    assert.equal(cause('kubernetes', topologies), acceptTimeSplit);
  });
});
