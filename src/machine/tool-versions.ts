import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { ToolStatus, ToolVersions } from '../contract/doctor-report.js';
import type { ToolFacts } from './tool-facts.js';

/** A declared tool to look for: where, and who needs it. */
export interface ToolLookup {
  tool: ToolFacts;
  neededBy: string[];
  configuredPath?: string;
  /** Folders looked in before PATH. */
  folders: string[];
}

/**
 * How a program is found and asked for its version. The caller brings both (the process owner
 * runs the program): this stage reads the machine, it does not own processes.
 */
export interface ProgramRunner {
  /** The executable `command` in these folders, then on PATH; or at `configuredPath` alone when one is given. */
  find(command: string, folders: readonly string[], configuredPath: string | undefined): string | undefined;
  /** What the program prints (stdout and stderr together) when run with these arguments. */
  output(path: string, args: readonly string[]): Promise<string>;
}

/** Each tool: found or not, its version, and who needs it. */
export async function readTools(lookups: readonly ToolLookup[], runner: ProgramRunner): Promise<ToolStatus[]> {
  return Promise.all(
    lookups.map(async ({ tool, neededBy, configuredPath, folders }) => {
      const base = {
        name: tool.name,
        kind: tool.kind,
        neededBy,
        install: tool.install,
        ...(tool.kind === 'program' && tool.pathField ? { pathField: tool.pathField } : {}),
        ...(configuredPath === undefined ? {} : { configuredPath }),
      };
      if (tool.kind === 'package') return { ...base, ...packageFound(tool.package) };
      const path = runner.find(tool.command, folders, configuredPath);
      if (!path) return { ...base, path: null, version: null };
      const printed = await runner.output(path, tool.versionArgs).catch(() => '');
      return { ...base, path, version: tool.versionPattern.exec(printed)?.[1] ?? 'unknown' };
    }),
  );
}

/** The tools as `doctor --json` lists them: Node, then each by its name (a program's path and version, a package's version). */
export function toolVersions(tools: readonly ToolStatus[]): ToolVersions {
  const versions: ToolVersions = { node: process.version };
  for (const tool of tools) {
    if (tool.kind === 'package') versions[tool.name] = tool.version;
    else versions[tool.name] = tool.path !== null && tool.version !== null ? { path: tool.path, version: tool.version } : null;
  }
  return versions;
}

/** A package as loadlab itself resolves it: its folder and version, or nulls. */
function packageFound(name: string): { path: string | null; version: string | null } {
  try {
    const file = createRequire(import.meta.url).resolve(`${name}/package.json`);
    return { path: dirname(file), version: (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version };
  } catch {
    return { path: null, version: null };
  }
}
