import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ToolFacts } from '../machine/tool-facts.js';
import type { Scenario } from '../scenario/scenario.js';
import type { TopologySpecBase } from '../scenario/types.js';
import { runtimeTools } from './runtime-tools.js';
import { topologies, topologyFor } from './topologies/index.js';
import type { Topology } from './topologies/types.js';

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
 * scenario needs it. Without a scenario, what each topology needs by default (what `loadlab
 * init` writes); the other tools are listed, needed by nothing.
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
    for (const spec of scenario.topologies) {
      const by = `topology '${spec.name}'`;
      const topology = topologyFor(spec);
      for (const use of topology.tools?.needs(spec) ?? []) add(use.tool, `${by} (${[spec.kind, use.note].filter(Boolean).join(', ')})`, use.path);
      if (!topology.needsApp) continue;
      for (const tool of runtimeTools[spec.runtime]) add(tool, `${by} (the app under ${spec.runtime})`);
    }
  } else {
    for (const [kind, topology] of catalogue)
      for (const use of topology.tools?.byDefault ?? []) add(use.tool, `the ${kind} topology${use.note === undefined ? '' : ` (${use.note})`}`);
  }
  for (const tool of declaredTools) if (![...needs.values()].some((need) => need.tool.name === tool.name)) add(tool, undefined);
  return [...needs.values()];
}

const catalogue: Array<[string, Topology<TopologySpecBase>]> = Object.entries(topologies);

/** Every tool declared by a topology (a balancer's through the proxy's) or a runtime. */
const declaredTools: readonly ToolFacts[] = [...catalogue.flatMap(([, topology]) => topology.tools?.all ?? []), ...new Set(Object.values(runtimeTools).flat())];

/** node_modules/.bin of the folder and of every folder above it, nearest first: where `npm exec` looks. */
function projectBinFolders(start: string): string[] {
  const folders: string[] = [];
  for (let folder = start; ; folder = dirname(folder)) {
    const bin = join(folder, 'node_modules', '.bin');
    if (existsSync(bin)) folders.push(bin);
    if (dirname(folder) === folder) return folders;
  }
}
