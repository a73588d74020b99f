import { randomBytes } from 'node:crypto';
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { link, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFolder } from './make-folder.js';

/** `<scenario>-<timestamp>`: the stem every report file of a run shares, e.g. cluster-vs-single-2026-11-23T16-07-21Z. */
export function reportStem(scenarioName: string, startedAt: Date): string {
  const safeName = scenarioName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
  const stamp = startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return `${safeName}-${stamp}`;
}

/**
 * Writes a file atomically and never over an existing one: the content goes to a temporary
 * file first, which is then hard-linked to the first free name (`stem.ext`, `stem-2.ext`, …).
 * A reader never sees half a report. Returns the path written.
 */
export async function writeNewFile(folder: string, stem: string, extension: string, content: string): Promise<string> {
  await makeFolder(folder);
  const temporary = join(folder, `.${stem}.${extension}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(temporary, content);
    for (let attempt = 1; ; attempt += 1) {
      const target = join(folder, attempt === 1 ? `${stem}.${extension}` : `${stem}-${attempt}.${extension}`);
      try {
        await link(temporary, target);
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    await unlink(temporary).catch(() => {});
  }
}

/**
 * Writes `name` in a folder atomically, replacing a file of that name: the content goes to a
 * temporary file first, which is then renamed over it. For the files that follow a stem
 * writeNewFile has claimed, and for re-rendered reports. Returns the path written.
 */
export async function replaceFile(folder: string, name: string, content: string, mode?: number): Promise<string> {
  await makeFolder(folder);
  const target = join(folder, name);
  const temporary = join(folder, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(temporary, content, mode === undefined ? {} : { mode });
    await rename(temporary, target);
  } catch (error) {
    // a disk that filled up halfway leaves no half-written temporary behind
    await unlink(temporary).catch(() => {});
    throw error;
  }
  return target;
}

/**
 * replaceFile for the moment loadlab is forced to stop (a second Ctrl-C), when nothing
 * asynchronous runs any more: the same atomic write, synchronously, into a folder that exists.
 */
export function replaceFileNow(folder: string, name: string, content: string): string {
  const target = join(folder, name);
  const temporary = join(folder, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never made
    }
    throw error;
  }
  return target;
}
