import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ProcessOwner } from '../deploy/processes.js';
import type { ToolVersions } from '../contract/doctor-report.js';
import { findOnPath } from '../deploy/find-executable.js';

/** Node's, nginx's (by running `nginx -v`) and the pm2 package's versions. */
export async function readToolVersions(owner: ProcessOwner): Promise<ToolVersions> {
  return { node: process.version, nginx: await nginxVersion(owner), pm2: pm2Version() };
}

async function nginxVersion(owner: ProcessOwner): Promise<ToolVersions['nginx']> {
  const path = findOnPath('nginx');
  if (!path) return null;
  const result = await owner.runToEnd({ label: 'nginx -v', command: path, args: ['-v'], env: process.env, cwd: process.cwd() }, 5000);
  // nginx prints its version on stderr: "nginx version: nginx/1.22.1"
  const version = /nginx\/(\S+)/.exec(result.stderr + result.stdout)?.[1] ?? 'unknown';
  return { path, version };
}

function pm2Version(): string | null {
  try {
    const file = createRequire(import.meta.url).resolve('pm2/package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}
