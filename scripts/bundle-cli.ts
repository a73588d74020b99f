/**
 * `npm run build`, last step: dist/cli.js becomes one file holding the CLI and its libraries.
 * Node 20 resolves, reads and compiles each module of tsc's tree and of the libraries on every
 * start; bundled, a run costs ~0.4 s of CPU less (a fake-load run 1.45–1.55 s against 1.83–1.95,
 * side by side), which a user feels on every command and the test suite ~250 times. The rest of dist/ stays as tsc wrote it: the
 * library entry (index.js) and the worker threads' modules, which workerScript finds there.
 *
 * Left outside, loaded from node_modules as before: autocannon (patched through its own module
 * instances: a bundled copy would not be the patched one), pm2 (loaded lazily, and big), tsx
 * (registers loader hooks by its files' paths).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function bundleCli(dist: string): Promise<void> {
  const cli = join(dist, 'cli.js');
  await build({
    entryPoints: [cli],
    outfile: cli,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['autocannon', 'pm2', 'tsx'],
    // the CommonJS libraries inside call require(); an ES module has none of its own
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    logLevel: 'warning',
  });
  // tsc's map of the file that is no longer there
  rmSync(`${cli}.map`, { force: true });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await bundleCli(resolve(process.argv[2] ?? 'dist'));
