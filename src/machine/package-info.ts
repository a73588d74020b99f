import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of loadlab's own package.json, whether running from src/ (tsx) or dist/. */
export const packageRoot: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

export const packageVersion: string = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** A helper script shipped in runtime/ (plain CommonJS, so it runs in any Node process as it is). */
export function runtimeScript(name: string): string {
  return join(packageRoot, 'runtime', name);
}

function findPackageRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'runtime'))) return folder;
    if (dirname(folder) === folder) throw new Error(`loadlab's package.json was not found above ${start}`);
  }
}
