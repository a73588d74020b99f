import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateFolder {
  readonly path: string;
  remove(): void;
}

/**
 * A private temporary folder (mode 0700) for one deployment: a process manager's home, a balancer's prefix.
 * Unix socket paths are limited to about 100 bytes, so it is made under /tmp when the system's
 * temporary folder has a long path. Made through ProcessOwner.privateFolder, so that the
 * lifeline removes it should loadlab die before it does.
 */
export function makePrivateFolder(prefix: string): PrivateFolder {
  const base = tmpdir().length <= 40 ? tmpdir() : '/tmp';
  const path = mkdtempSync(join(base, `loadlab-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
