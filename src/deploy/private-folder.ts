import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private temporary folder (mode 0700) for one deployment: PM2's home, nginx's prefix.
 * Unix socket paths are limited to about 100 bytes, so it is made under /tmp when the system's
 * temporary folder has a long path.
 */
export function makePrivateFolder(prefix: string): { path: string; remove(): void } {
  const base = tmpdir().length <= 40 ? tmpdir() : '/tmp';
  const path = mkdtempSync(join(base, `loadlab-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
