import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { InputError } from '../contract/errors.js';

/** What `loadlab init` learns of the project in a folder, each guess with where it came from. */
export interface ProjectFacts {
  /** package.json's name, else the folder's. */
  name: string;
  /** The app's entry file (absolute); null when nothing names one. */
  entry: { path: string; from: string } | null;
  /** The path to poll for readiness: a health route the entry mentions, else '/'. */
  readiness: { path: string; from: string | null };
}

/** Paths an app answers when it is up, most specific first; the first one the entry's source mentions is the guess. */
const healthPaths = ['/healthz', '/health', '/readyz', '/ready', '/livez', '/ping', '/status'];
/** Files an app without package.json fields is often started from, in the order they are tried. */
const conventionalEntries = ['server.js', 'app.js', 'index.js'];
/** Node options that take the next word as their value (`node -r dotenv/config server.js`). */
const nodeOptionsWithValue = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--title']);

export function inspectProject(folder: string): ProjectFacts {
  const manifest = readPackageJson(folder);
  const entry = findEntry(folder, manifest);
  const guess = entry ? readinessGuess(readFileSync(entry.path, 'utf8')) : undefined;
  return {
    name: typeof manifest?.name === 'string' && manifest.name !== '' ? manifest.name : basename(folder),
    entry,
    readiness: guess ? { path: guess, from: `${basename(entry?.path ?? '')} mentions '${guess}'` } : { path: '/', from: null },
  };
}

/**
 * package.json's `main`, else the file its `start` script runs with node, else a file with a
 * conventional name: the first that exists, resolved as node resolves its main module (a folder
 * means its index.js, a name without extension gets .js).
 */
function findEntry(folder: string, manifest: Record<string, unknown> | undefined): ProjectFacts['entry'] {
  const start = (manifest?.scripts as Record<string, unknown> | undefined)?.start;
  const startFile = typeof start === 'string' ? startScriptFile(start) : undefined;
  const candidates = [
    ...(typeof manifest?.main === 'string' ? [{ file: manifest.main, from: 'package.json "main"' }] : []),
    ...(startFile ? [{ file: startFile, from: `the "start" script of package.json: ${String(start)}` }] : []),
    ...conventionalEntries.map((file) => ({ file, from: `the file ${file}` })),
  ];
  const resolveFrom = createRequire(join(folder, 'package.json'));
  for (const { file, from } of candidates) {
    try {
      return { path: resolveFrom.resolve(file.startsWith('.') || file.startsWith('/') ? file : `./${file}`), from };
    } catch {
      // not there: the next candidate
    }
  }
  return null;
}

function readPackageJson(folder: string): Record<string, unknown> | undefined {
  const file = join(folder, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch (error) {
    throw new InputError(`package.json: cannot read it: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The file a start script runs with node: `node server.js`, `NODE_ENV=production node
 * ./src/index.js --port 3000`, `tsc && node dist/main.js`, `node -r dotenv/config app.js`.
 */
export function startScriptFile(script: string): string | undefined {
  for (const command of script.split(/&&|\|\||[;|]/)) {
    const words = command.trim().split(/\s+/);
    const node = words.findIndex((word) => word === 'node' || word.endsWith('/node'));
    if (node < 0) continue;
    for (let index = node + 1; index < words.length; index++) {
      const word = words[index] ?? '';
      if (nodeOptionsWithValue.has(word)) index++;
      else if (!word.startsWith('-')) return word;
    }
  }
  return undefined;
}

/** The first health route the source names in quotes, e.g. app.get('/health', …). */
export function readinessGuess(source: string): string | undefined {
  return healthPaths.find((path) => new RegExp(`['"\`]${path}['"\`]`).test(source));
}
