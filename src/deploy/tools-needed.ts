import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ToolFacts } from '../machine/tool-facts.js';
import { balancerTools, defaultBalancer } from './balancers/index.js';
import { runtimeTools } from './runtime-tools.js';
import type { Scenario, TopologySpec } from './topologies/index.js';
import { pm2Tool } from './topologies/pm2-tool.js';

/** A tool as `doctor` looks for it: what it is, who needs it, and where to look. */
export interface ToolNeed {
  tool: ToolFacts;
  /** Who needs it, for messages ("topology 'lb' (proxy, haproxy)"); empty when nothing of the scenario does. */
  neededBy: string[];
  /** The path a scenario field gives instead of PATH (proxy.haproxyPath). */
  configuredPath?: string;
  /** Folders looked in before PATH: the app project's node_modules/.bin, for a tool installed with npm. */
  folders: string[];
}

/**
 * Every tool loadlab's topologies, balancers and runtimes declare, each with what of the
 * scenario needs it. Without a scenario, what the deployments `loadlab init` writes need
 * (PM2, and the default balancer); the other tools are listed, needed by nothing.
 */
export function toolsNeeded(scenario: Scenario | undefined, cwd: string): ToolNeed[] {
  const needs = new Map<string, ToolNeed>();
  const folders = projectBinFolders(scenario?.app.entry ? scenario.app.cwd : cwd);
  const add = (tool: ToolFacts, neededBy: string | undefined, configuredPath?: string) => {
    const key = `${tool.name}\0${configuredPath ?? ''}`;
    const need = needs.get(key) ?? { tool, neededBy: [], folders: tool.kind === 'program' && tool.fromProject ? folders : [] };
    if (configuredPath !== undefined) need.configuredPath = configuredPath;
    if (neededBy !== undefined && !need.neededBy.includes(neededBy)) need.neededBy.push(neededBy);
    needs.set(key, need);
  };
  if (scenario) {
    for (const topology of scenario.topologies) {
      const by = `topology '${topology.name}'`;
      for (const { tool, path } of topologyTools(topology)) add(tool, `${by} (${describeNeed(topology)})`, path);
      if (topology.kind === 'external') continue;
      const runtime = topology.runtime;
      for (const tool of runtimeTools[runtime]) add(tool, `${by} (the app under ${runtime})`);
    }
  } else {
    add(pm2Tool, 'the pm2 topology');
    add(balancerTools[defaultBalancer], `the proxy topology (${defaultBalancer}, its default balancer)`);
  }
  for (const tool of declaredTools) if (![...needs.values()].some((need) => need.tool.name === tool.name)) add(tool, undefined);
  return [...needs.values()];
}

/** Every tool declared by a balancer, a topology or a runtime. */
const declaredTools: readonly ToolFacts[] = [...Object.values(balancerTools), pm2Tool, ...new Set(Object.values(runtimeTools).flat())];

/** The tools a topology itself needs, and the path its scenario entry gives for one. */
function topologyTools(topology: TopologySpec): Array<{ tool: ToolFacts; path?: string }> {
  switch (topology.kind) {
    case 'pm2':
      return [{ tool: pm2Tool }];
    case 'proxy':
      return [{ tool: balancerTools[topology.balancer.balancer], ...(topology.balancer.path === undefined ? {} : { path: topology.balancer.path }) }];
    case 'single':
    case 'cluster':
    case 'external':
      return [];
  }
}

function describeNeed(topology: TopologySpec): string {
  return topology.kind === 'proxy' ? `proxy, ${topology.balancer.balancer}` : topology.kind;
}

/** node_modules/.bin of the folder and of every folder above it, nearest first: where `npm exec` looks. */
function projectBinFolders(start: string): string[] {
  const folders: string[] = [];
  for (let folder = start; ; folder = dirname(folder)) {
    const bin = join(folder, 'node_modules', '.bin');
    if (existsSync(bin)) folders.push(bin);
    if (dirname(folder) === folder) return folders;
  }
}
