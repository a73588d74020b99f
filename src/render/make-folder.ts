import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that always ends. Node's own `mkdir(path, { recursive: true })` (Node 20) never
 * returns, at full CPU on a thread of its pool, where a folder exists but cannot hold new
 * folders: `mkdir /proc/x` fails with ENOENT although /proc exists, and Node's walk steps back
 * to /proc (EEXIST) and forward again for ever. Here the missing folders are found first, then
 * made from the top down, each once: a failure is final. Returns the folders it made, top first
 * (for a caller that wants to undo them). Errors carry an errno code and a message that names
 * the path at fault.
 */
export async function makeFolder(path: string): Promise<string[]> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    const kind = await kindOf(current);
    if (kind === 'folder') break;
    if (kind === 'other') throw fsError('ENOTDIR', `${current} is a file, not a folder`);
    const parent = dirname(current);
    if (parent === current) throw fsError('ENOENT', `${current} does not exist`);
    missing.unshift(current);
    current = parent;
  }
  const made: string[] = [];
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // made meanwhile by someone else: as good, if it is a folder
      if (code === 'EEXIST' && (await kindOf(folder)) === 'folder') continue;
      // the parent is there (found, or just made): ENOENT means it cannot hold folders (/proc, /sys)
      if (code === 'ENOENT') throw fsError('ENOENT', `${dirname(folder)} cannot hold new folders`);
      throw error;
    }
    made.push(folder);
  }
  return made;
}

/**
 * What is at path. ENOTDIR (a file on the way, as in README.md/x) counts as missing: the walk
 * goes on up to that file, which is then named.
 */
async function kindOf(path: string): Promise<'folder' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

function fsError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}
