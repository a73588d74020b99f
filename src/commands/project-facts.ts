import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../contract/errors.js';
import type { Runtime } from '../scenario/types.js';
import { findRoutes } from './init-routes.js';
import { scriptEntry } from './init-start-script.js';

/** What `loadlab init` learns of the project in a folder, each guess with where it came from. */
export interface ProjectFacts {
  /** package.json's name, else the folder's. */
  name: string;
  /** The app's entry file (absolute) and the runtime it needs; null when nothing names one. */
  entry: { path: string; from: string; runtime: Runtime } | null;
  /** The static GET routes the entry and the files it imports declare, in order. */
  routes: string[];
  /** A tsconfig.json beside package.json: tsc compiles the project's .ts files. */
  typescript: boolean;
}

/** Paths an app answers when it is up, most specific first. */
export const healthPaths = ['/healthz', '/health', '/readyz', '/ready', '/livez', '/ping', '/status'];
/** Files an app without package.json fields is often started from, in the order they are tried. */
const conventionalEntries = ['server', 'app', 'index', 'main', 'src/server', 'src/app', 'src/index', 'src/main'];
/** Extensions tried for a name without one, as node (then tsx) would. */
const extensions = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

export function inspectProject(folder: string): ProjectFacts {
  const manifest = readPackageJson(folder);
  const entry = findEntry(folder, manifest);
  return {
    name: typeof manifest?.name === 'string' && manifest.name !== '' ? manifest.name : basename(folder),
    entry,
    routes: entry ? findRoutes(entry.path).paths : [],
    typescript: existsSync(join(folder, 'tsconfig.json')),
  };
}

/**
 * package.json's `main`, else the file its `start` script runs, else the one its `dev` script
 * runs (node, tsx, ts-node, bun, node --import tsx), else a file with a conventional name
 * (server, app, index, in the folder or src/): the first that exists, with the runtime it needs.
 */
function findEntry(folder: string, manifest: Record<string, unknown> | undefined): ProjectFacts['entry'] {
  const scripts = (manifest?.scripts ?? {}) as Record<string, unknown>;
  const candidates: Array<{ file: string; from: string; runtime?: Runtime }> = [];
  if (typeof manifest?.main === 'string') candidates.push({ file: manifest.main, from: 'package.json "main"' });
  for (const name of ['start', 'dev']) {
    const script = scripts[name];
    const found = typeof script === 'string' ? scriptEntry(script) : undefined;
    if (found) candidates.push({ ...found, from: `the "${name}" script of package.json: ${String(script)}` });
  }
  candidates.push(...conventionalEntries.map((file) => ({ file, from: `the file ${file}` })));
  for (const candidate of candidates) {
    const path = resolveEntry(folder, candidate.file);
    if (!path) continue;
    const from = candidate.from.startsWith('the file ') ? `the file ${path.slice(folder.length + 1)}` : candidate.from;
    return { path, from, runtime: candidate.runtime ?? (/\.[cm]?ts$/.test(path) ? 'tsx' : 'node') };
  }
  return null;
}

/** A file as node resolves its main module: the file itself, with an extension added, or a folder's index. */
function resolveEntry(folder: string, file: string): string | undefined {
  const base = resolve(folder, file);
  const candidates = [base, ...extensions.map((extension) => base + extension), ...extensions.map((extension) => join(base, `index${extension}`))];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
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

/** A route init chose, and why. */
export interface ChosenRoute {
  path: string;
  from: string;
}

/**
 * The readiness path (a health route, else the workload's) and the workload's path (a route
 * that is not a health check, '/' first), from the routes the source declares and, when the app
 * was started once, the status each answered: a route that did not answer 2xx is never chosen.
 */
export function chooseRoutes(routes: readonly string[], statuses?: Readonly<Record<string, number>>): { readiness: ChosenRoute; workload: ChosenRoute } {
  const ok = (path: string) => statuses === undefined || ((statuses[path] ?? 0) >= 200 && (statuses[path] ?? 0) < 300);
  const how = (path: string) => (statuses === undefined ? 'declared in the source' : `answered ${statuses[path]} when init started the app`);
  const usable = routes.filter(ok);
  const health = healthPaths.find((path) => usable.includes(path));
  const pages = usable.filter((path) => !healthPaths.includes(path));
  const page = pages.includes('/') ? '/' : pages[0];
  const none: ChosenRoute = {
    path: '/',
    from: statuses === undefined ? 'the default: the source declares no other GET route' : 'the default: no route answered 2xx when init started the app',
  };
  // a health route is the workload only when the app, asked, answered nothing else with 2xx: a guess from the source keeps '/'
  const workload: ChosenRoute = page ? { path: page, from: how(page) } : health && statuses !== undefined ? { path: health, from: how(health) } : none;
  const readiness: ChosenRoute = health ? { path: health, from: how(health) } : page ? workload : none;
  return { readiness, workload };
}
