import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { InputError } from '../contract/errors.js';
import type { TopologyFields } from './topology-catalogue.js';
import type { ScenarioOf, TopologySpecBase } from './types.js';
import { validateScenario } from './validate.js';

const scenarioExtensions = ['.ts', '.mts', '.js', '.mjs'];

export interface LoadScenarioOptions<S extends TopologySpecBase> {
  cwd: string;
  cores: number;
  /** The topology kinds this build can run, with their own fields (src/deploy/topologies). */
  topologies: Readonly<Record<string, TopologyFields<S>>>;
}

/**
 * Imports a scenario file (TypeScript through tsx, from any folder), validates its default
 * export and returns the normalised scenario. Every problem becomes one line of an
 * InputError that starts with the file name as the user gave it.
 */
export async function loadScenario<S extends TopologySpecBase>(fileArgument: string, options: LoadScenarioOptions<S>): Promise<ScenarioOf<S>> {
  const file = resolve(options.cwd, fileArgument);
  const fail = (message: string, cause?: unknown) => new InputError(`${fileArgument}: ${message}`, { cause });

  if (!existsSync(file)) throw fail('scenario file not found');
  if (!scenarioExtensions.includes(extname(file))) throw fail(`a scenario file ends in ${scenarioExtensions.join(', ')}`);

  let module: { default?: unknown };
  try {
    module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    throw fail(`cannot load it: ${firstUsefulLine(error)}`, error);
  }
  const exported = defaultExport(module);
  if (exported === undefined) throw fail('no default export: end the file with export default defineScenario({ ... })');

  const result = validateScenario(exported, { file, cores: options.cores, topologies: options.topologies });
  if ('issues' in result) {
    throw new InputError(result.issues.map((issue) => `${fileArgument}: ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`));
  }
  return result.scenario;
}

/**
 * A .ts file outside an ESM package is compiled as CommonJS, and importing it then wraps its
 * `export default` once more: { default: { default: scenario } }.
 */
export function defaultExport(module: { default?: unknown }): unknown {
  const value = module.default as { __esModule?: boolean; default?: unknown } | undefined;
  return value?.__esModule === true ? value.default : value;
}

/** esbuild's transform errors are several lines; the one saying where and what is the one worth showing. */
function firstUsefulLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.find((line) => line.includes('ERROR:')) ?? lines[0] ?? 'unknown error';
}
