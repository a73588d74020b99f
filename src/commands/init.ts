import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { ExitCode, InputError, type ExitCodeValue } from '../contract/errors.js';
import { starterScenario } from './init-template.js';
import { inspectProject } from './project-facts.js';

const templateExtensions = ['.ts', '.mts'];

export interface InitCommandContext {
  /** The project's folder: its package.json and entry are read from there. */
  cwd: string;
  stdout: { write(text: string): unknown };
}

/**
 * `loadlab init [file]`: writes a commented starter scenario for the project in the current
 * folder. It never overwrites a file: the file is created exclusively, and one that exists
 * already is a usage error (exit 2) that leaves it untouched.
 */
export async function initCommand(fileArgument: string, context: InitCommandContext): Promise<ExitCodeValue> {
  if (!templateExtensions.includes(extname(fileArgument))) {
    throw new InputError(`${fileArgument}: loadlab init writes TypeScript: give a name ending in ${templateExtensions.join(' or ')}`);
  }
  const file = resolve(context.cwd, fileArgument);
  const project = inspectProject(context.cwd);
  const entry = project.entry ? relativeImport(dirname(file), project.entry.path) : './server.js';
  const text = starterScenario({
    name: project.name,
    fileName: relative(context.cwd, file) || basename(file),
    entry,
    entryFrom: project.entry?.from ?? null,
    readiness: project.readiness.path,
    readinessFrom: project.readiness.from,
  });
  try {
    await writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new InputError(`${fileArgument}: already exists; loadlab init never overwrites a file (give another name: loadlab init <file>)`);
    if (code === 'ENOENT') throw new InputError(`${fileArgument}: no such folder: ${dirname(file)}`);
    throw error;
  }
  const found = project.entry ? `app.entry ${entry} (from ${project.entry.from})` : `no app entry found: set app.entry in ${fileArgument} first`;
  context.stdout.write(`wrote ${fileArgument}: ${found}, readiness ${project.readiness.path}\nrun it: npx loadlab run ${fileArgument}\n`);
  return ExitCode.ok;
}

/** A path as a scenario file writes app.entry: relative to the file, with forward slashes, starting with './' or '../'. */
function relativeImport(fromFolder: string, path: string): string {
  const text = relative(fromFolder, path).split(sep).join('/');
  return text.startsWith('../') ? text : `./${text}`;
}
