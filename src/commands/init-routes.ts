import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';

/** The GET routes without path parameters an app's source declares, in the order they appear. */
export interface FoundRoutes {
  paths: string[];
  /** The files they were read from, relative ones first found from the entry. */
  files: string[];
}

/** How many of the app's own files are read, following relative imports from the entry. */
const maxFiles = 60;
/** Extensions tried for an import without one, and for a compiled name (.js) whose source is TypeScript. */
const extensions = ['.ts', '.js', '.mts', '.mjs', '.cts', '.cjs', '.tsx', '.jsx'];

/**
 * A GET route as express, fastify, koa's routers and hono declare it — `app.get('/health', …)`,
 * `fastify.get('/items', …)`, `router.get('/', …)` — or as a plain handler compares it —
 * `req.url === '/health'`, `ctx.path === '/'` — or fastify's `route({ method: 'GET', url: '/x' })`.
 */
const routePatterns = [
  /\.(?:get|all)\(\s*(['"`])(\/[^'"`\s]*)\1/g,
  /\b(?:url|path|pathname)\s*===?\s*(['"`])(\/[^'"`\s]*)\1/g,
  /method:\s*(['"])GET\1\s*,\s*url:\s*['"](\/[^'"\s]*)['"]/g,
  /url:\s*(['"])(\/[^'"\s]*)\1\s*,\s*method:\s*['"]GET['"]/g,
];
/** A path with a parameter or a wildcard cannot be asked as it is written: '/users/:id', '/files/*', '/{id}'. */
const parameterised = /[:*{}()[\]]/;
const localImport = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;

/** The static GET routes of the app whose entry is this file, read from it and the files it imports. */
export function findRoutes(entry: string): FoundRoutes {
  const files: string[] = [];
  const paths: string[] = [];
  const queue = [entry];
  while (queue.length > 0 && files.length < maxFiles) {
    const file = queue.shift() ?? '';
    if (files.includes(file)) continue;
    files.push(file);
    const source = readSource(file);
    for (const path of routesIn(source)) if (!paths.includes(path)) paths.push(path);
    for (const match of source.matchAll(localImport)) {
      const imported = resolveImport(dirname(file), match[2] ?? '');
      if (imported && !files.includes(imported)) queue.push(imported);
    }
  }
  return { paths, files };
}

/** The static GET routes one source text declares. */
export function routesIn(source: string): string[] {
  const found: Array<{ at: number; path: string }> = [];
  for (const pattern of routePatterns) {
    for (const match of source.matchAll(pattern)) {
      const path = match[2] ?? '';
      if (!parameterised.test(path)) found.push({ at: match.index, path });
    }
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((entry) => entry.path))];
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** A relative import as node, tsx or a bundler finds it: the file, with an extension added, its TypeScript source for a '.js' name, or a folder's index. */
function resolveImport(folder: string, specifier: string): string | undefined {
  const base = resolve(folder, specifier);
  const stem = base.slice(0, base.length - extname(base).length);
  const candidates = [base, ...extensions.map((extension) => base + extension), ...extensions.map((extension) => stem + extension)];
  candidates.push(...extensions.map((extension) => join(base, `index${extension}`)));
  return candidates.find((candidate) => !candidate.includes('/node_modules/') && existsSync(candidate) && statSync(candidate).isFile());
}
