import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { InputError } from '../contract/errors.js';

/** A file the Job's ConfigMap carries: where it is here, and its path below the scenario mount ('/'-separated). */
export interface CarriedSource {
  source: string;
  path: string;
}

/** An import of a module beside the scenario (not `import type`, which the loader drops). */
const relativeImport = /(?:^|[\n;])\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s*)?['"](\.\.?\/[^'"]+)['"]|\bimport\(\s*['"](\.\.?\/[^'"]+)['"]/;

/** What a path in the run script and the pod's arguments may hold: no spaces, quotes, '$' or '\'. */
const plainPath = /^[^\s'"`$\\]+$/;

/**
 * The files a shard pod reads, laid out below the mount as they lie here: the scenario file and
 * the data files it names (`named`, absolute). Not the app's entry: shards load an external
 * --url. A scenario that imports a module beside it is refused: the pod would not have it.
 */
export async function carriedFiles(scenarioFile: string, named: readonly string[]): Promise<{ scenarioPath: string; files: CarriedSource[] }> {
  const scenario = resolve(scenarioFile);
  const imported = relativeImport.exec(await readFile(scenario, 'utf8'));
  if (imported)
    throw new InputError(
      `${scenarioFile}: imports ${imported[1] ?? imported[2]}, which the Job's ConfigMap does not carry: a scenario for loadlab k8s imports only 'loadlab' and Node's own modules`,
    );
  const sources = [scenario, ...named];
  const base = commonFolder(sources.map((source) => dirname(source)));
  const files = sources.map((source) => ({ source, path: relative(base, source).split(sep).join('/') }));
  const odd = files.find((file) => !plainPath.test(file.path));
  if (odd) throw new InputError(`${odd.source}: a file the Job carries needs a path without spaces, quotes, '$' or '\\'`);
  return { scenarioPath: files[0]?.path ?? '', files };
}

function commonFolder(folders: readonly string[]): string {
  return folders.reduce((common, folder) => {
    let shared = common;
    while (relative(shared, folder).startsWith('..')) shared = dirname(shared);
    return shared;
  });
}
