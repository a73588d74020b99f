import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { Runtime } from './types.js';

const typeScriptExtensions = ['.ts', '.mts', '.cts'];

/** What runs an entry when the scenario does not say: Node 20 cannot run TypeScript, so loadlab's tsx does. */
export function defaultRuntime(entry: string | null): Runtime {
  return entry !== null && typeScriptExtensions.includes(extname(entry)) ? 'tsx' : 'node';
}

/**
 * The folder `npm start` would run the app in: the nearest one above the entry that holds a
 * package.json; the entry's own folder when none does. A compiled app at dist/server.js that
 * serves 'public/' finds it there, as it does in production.
 */
export function projectFolder(entry: string): string {
  for (let folder = dirname(entry); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return dirname(entry);
  }
}

export function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
