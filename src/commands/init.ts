import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { ExitCode, InputError, type ExitCodeValue } from '../contract/errors.js';
import type { ProcessOwner } from '../deploy/processes.js';
import { initFileNames, templateExtensions } from './init-defaults.js';
import { starterScenario } from './init-template.js';
import { askRoutes, type RouteAnswers } from './init-route-check.js';
import { chooseRoutes, inspectProject } from './project-facts.js';

/** How long the app started once may take to answer (init's check of its routes). */
const routeCheckTimeoutMs = 10_000;

export interface InitCommandContext {
  /** The project's folder: its package.json and entry are read from there, and the app runs there. */
  cwd: string;
  stdout: { write(text: string): unknown };
  /** Starts the app once to see which routes answer 2xx; without it, the routes are what the source declares. */
  owner?: ProcessOwner;
}

/**
 * `loadlab init [file]`: writes a commented starter scenario for the project in the current
 * folder. Without a name: loadlab.scenario.ts, or loadlab.scenario.mjs in a TypeScript project
 * (a tsconfig.json), because tsc would compile a .ts scenario with the project's own settings
 * (and fail, TS6059, when they say `rootDir: 'src'`). No entry found is a usage error (exit 2)
 * that writes nothing. It never overwrites a file: one that exists already is a usage error.
 */
export async function initCommand(fileArgument: string | undefined, context: InitCommandContext): Promise<ExitCodeValue> {
  const project = inspectProject(context.cwd);
  const fileName = fileArgument ?? (project.typescript ? initFileNames.typescriptProject : initFileNames.plain);
  if (!(templateExtensions as readonly string[]).includes(extname(fileName))) {
    throw new InputError(`${fileName}: loadlab init writes a scenario module: give a name ending in ${templateExtensions.join(', ')}`);
  }
  const file = resolve(context.cwd, fileName);
  if (existsSync(file)) throw new InputError(alreadyThere(fileName));
  if (!existsSync(dirname(file))) throw new InputError(`${fileName}: no such folder: ${dirname(file)}`);
  if (!project.entry) {
    throw new InputError(
      `${join(context.cwd, 'package.json')}: no app entry found: no "main" file, no "start" or "dev" script that runs a file with node, tsx, ts-node or bun, and no server, app or index file (.js, .ts) here or in src/; write a scenario with app.entry yourself (docs/scenarios.md: Scenario files), or load a server you start another way: npx loadlab run --url http://127.0.0.1:<port>/`,
    );
  }
  const entry = project.entry;
  const asked = project.routes.includes('/') ? project.routes : [...project.routes, '/'];
  const answers: RouteAnswers | undefined = context.owner
    ? await askRoutes(
        { entry: entry.path, runtime: entry.runtime, cwd: context.cwd, binFolders: [join(context.cwd, 'node_modules', '.bin')] },
        asked,
        context.owner,
        routeCheckTimeoutMs,
      )
    : undefined;
  const { readiness, workload } = answers && 'statuses' in answers ? chooseRoutes(asked, answers.statuses) : chooseRoutes(project.routes);
  const entryText = relativeImport(dirname(file), entry.path);
  const text = starterScenario({
    name: project.name,
    fileName: relative(context.cwd, file) || basename(file),
    entry: entryText,
    entryFrom: entry.from,
    runtime: entry.runtime,
    readiness,
    workload,
    module: extname(file) === '.mjs',
  });
  try {
    await writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError(alreadyThere(fileName));
    throw error;
  }
  const runtime = entry.runtime === 'node' ? '' : `, runtime ${entry.runtime}`;
  const notAsked =
    answers && 'notAsked' in answers ? `\nthe routes are guessed from the source: init started the app to check them, but ${answers.notAsked}\n` : '\n';
  context.stdout.write(
    `wrote ${fileName}: app.entry ${entryText} (from ${entry.from})${runtime}, readiness ${readiness.path}, workload GET ${workload.path} (${workload.from})${notAsked}run it: npx loadlab run ${fileName}\n`,
  );
  return ExitCode.ok;
}

function alreadyThere(fileName: string): string {
  return `${fileName}: already exists; loadlab init never overwrites a file (give another name: loadlab init <file>)`;
}

/** A path as a scenario file writes app.entry: relative to the file, with forward slashes, starting with './' or '../'. */
function relativeImport(fromFolder: string, path: string): string {
  const text = relative(fromFolder, path).split(sep).join('/');
  return text.startsWith('../') ? text : `./${text}`;
}
