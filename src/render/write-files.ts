import { randomBytes } from 'node:crypto';
import { link, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

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
  await mkdir(folder, { recursive: true });
  const temporary = join(folder, `.${stem}.${extension}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await writeFile(temporary, content);
  try {
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
  await mkdir(folder, { recursive: true });
  const target = join(folder, name);
  const temporary = join(folder, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await writeFile(temporary, content, mode === undefined ? {} : { mode });
  try {
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
  return target;
}

/**
 * 'first-free': the first file takes the first free name (`stem`, `stem-2`, …; a new report
 * never overwrites an earlier one) and the others follow it. 'replace': files of that stem are
 * replaced (a re-rendered report).
 */
export type Naming = 'first-free' | 'replace';

/** A report's files under one stem, in the order given, each written atomically. Returns the paths written. */
export async function writeUnderStem(
  folder: string,
  stem: string,
  naming: Naming,
  files: readonly { extension: string; render: () => string }[],
): Promise<string[]> {
  const paths: string[] = [];
  let claimed = stem;
  for (const file of files) {
    if (naming === 'first-free' && paths.length === 0) {
      const path = await writeNewFile(folder, claimed, file.extension, file.render());
      claimed = basename(path, `.${file.extension}`);
      paths.push(path);
    } else {
      paths.push(await replaceFile(folder, `${claimed}.${file.extension}`, file.render()));
    }
  }
  return paths;
}
