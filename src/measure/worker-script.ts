import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running `name` (without extension), a module beside `importMetaUrl`. Built, it
 * is the .js file. Running from source (tests, benchmarks), it is the .ts file, loaded through
 * tsx's tsImport: on Node 20 a worker does not get the loader hooks that `--import tsx` gave the
 * main thread.
 */
export function workerScript(importMetaUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (!importMetaUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, importMetaUrl), options);
  const script = new URL(`./${name}.ts`, importMetaUrl).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const load = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(script)}, ${JSON.stringify(importMetaUrl)}))`;
  return new Worker(load, { ...options, eval: true });
}
