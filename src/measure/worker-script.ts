import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { packageRoot } from '../machine/package-info.js';

/**
 * A worker thread running the module at `path` in the source tree, without extension (e.g.
 * 'measure/probes/proc-worker'). Built, it is that module's file in dist/: named from the
 * package's root, since the CLI is one bundled file and a path beside the caller would point
 * beside the bundle. Running from source (tests, benchmarks), it is the .ts file, loaded through
 * tsx's tsImport: on Node 20 a worker does not get the loader hooks that `--import tsx` gave the
 * main thread.
 */
export function workerScript(path: string, options: WorkerOptions = {}): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(join(packageRoot, 'dist', `${path}.js`), options);
  const script = pathToFileURL(join(packageRoot, 'src', `${path}.ts`)).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const load = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(script)}, ${JSON.stringify(script)}))`;
  return new Worker(load, { ...options, eval: true });
}
