import { dirname } from 'node:path';
import type { EntryVersion } from '../contract/common.js';
import type { ProcessOwner } from './processes.js';
import { findOnPath } from './find-executable.js';

/**
 * Which code a run measured: the app's entry and, when it lies in a git checkout, that
 * checkout's commit and whether it had uncommitted changes to tracked files. git is asked
 * through the process owner, like every process loadlab starts; without git, or outside a
 * checkout, the commit is null.
 */
export async function describeEntry(owner: ProcessOwner, entry: string): Promise<EntryVersion> {
  const git = findOnPath('git');
  if (!git) return { entry, commit: null, dirty: null };
  const run = (args: string[]) =>
    owner.runToEnd({ label: `git ${args.join(' ')}`, command: git, args: ['-C', dirname(entry), ...args], env: process.env, cwd: process.cwd() }, 5000);
  const head = await run(['rev-parse', 'HEAD']);
  if (head.exit.code !== 0) return { entry, commit: null, dirty: null };
  const status = await run(['status', '--porcelain', '--untracked-files=no']);
  return { entry, commit: head.stdout.trim(), dirty: status.exit.code === 0 ? status.stdout.trim() !== '' : null };
}
