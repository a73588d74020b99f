import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../contract/errors.js';
import { makeFolder } from './make-folder.js';

/**
 * An output a command will write, named as the user gave it: '--out', '--junit',
 * '--save-baseline', 'GITHUB_STEP_SUMMARY'.
 *  - folder: made if missing, and a file can be created in it (the report files);
 *  - file: replaced atomically, so its folder is made and a file can be created beside it, and
 *    what is there now, if anything, is a plain file (never a folder or a device);
 *  - append: a plain file opened for appending, created if missing (its folder must exist).
 */
export interface OutputTarget {
  option: string;
  path: string;
  kind: 'folder' | 'file' | 'append';
}

/**
 * Checks every output before anything starts, so that a typo costs a second and not the whole
 * run: each bad one is a line naming its option, together in one InputError (exit 2). A folder
 * the check makes for an output that then proves bad is removed again.
 */
export async function checkOutputs(targets: readonly OutputTarget[]): Promise<void> {
  const problems: string[] = [];
  for (const target of targets) {
    const problem = await problemOf(target);
    if (problem !== null) problems.push(`${target.option} ${target.path}: ${problem}`);
  }
  if (problems.length > 0) throw new InputError(problems);
}

async function problemOf(target: OutputTarget): Promise<string | null> {
  try {
    switch (target.kind) {
      case 'folder':
        return await writableFolder(target.path);
      case 'file':
        return (await notAPlainFile(target.path)) ?? (await writableFolder(dirname(resolve(target.path))));
      case 'append':
        return (await notAPlainFile(target.path)) ?? (await appendable(target.path));
    }
  } catch (error) {
    return (error as Error).message;
  }
}

/** Makes the folder (as the writer will) and creates a file in it; undoes both. */
async function writableFolder(path: string): Promise<string | null> {
  const made = await makeFolder(path);
  const probe = join(path, `.loadlab-check-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
    await handle.close();
    await unlink(probe);
    return null;
  } catch (error) {
    for (const folder of made.reverse()) await rmdir(folder).catch(() => {});
    return `cannot create a file in ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

/** What is at path when it is there and not a plain file; null when it is a plain file or nothing. */
async function notAPlainFile(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    if (info.isFile()) return null;
    return info.isDirectory() ? 'a folder, not a file' : 'not a plain file (a device, a pipe or a socket)';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // nothing there yet; a file on the way (ENOTDIR) is named by the check of the folder
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/** Opens the file for appending, as the writer will; a file the check created is removed again. */
async function appendable(path: string): Promise<string | null> {
  const existed = await stat(path).then(
    () => true,
    () => false,
  );
  try {
    const handle = await open(path, 'a');
    await handle.close();
    if (!existed) await unlink(path);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `its folder ${dirname(resolve(path))} does not exist`;
    if (code === 'ENOTDIR') return `its folder ${dirname(resolve(path))} is not a folder`;
    return `cannot append to it (${code ?? (error as Error).message})`;
  }
}
