/**
 * Where npm test finds its files: every `*.test.ts` at any depth under test/unit,
 * test/integration or test/measurements. A test file anywhere else under test/, a group with no
 * file, or a file that declares no test is an error: a file nobody runs would pass by not
 * existing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const testGroups = ['unit', 'integration', 'measurements'] as const;
export type TestGroup = (typeof testGroups)[number];

export const testFolder = fileURLToPath(new URL('../test/', import.meta.url));

/** The group's test files, at any depth, sorted; throws when something would go unrun. */
export function testFilesOf(group: TestGroup, root = testFolder): string[] {
  const problems = [...strayTestFiles(root).map((file) => `${file}: not under ${testGroups.map((name) => `test/${name}/`).join(', ')}, so no group runs it`)];
  const files = testFilesUnder(join(root, group));
  if (files.length === 0) problems.push(`test/${group}/: no *.test.ts file at any depth`);
  for (const file of files) if (!declaresATest(file)) problems.push(`${relative(root, file)}: declares no test (test(), describe(), it() or suite())`);
  if (problems.length > 0) throw new Error(`npm test would miss tests:\n  ${problems.join('\n  ')}`);
  return files;
}

/** `*.test.ts` files under test/ that no group runs, relative to test/. */
export function strayTestFiles(root = testFolder): string[] {
  const grouped = new Set(testGroups.flatMap((group) => testFilesUnder(join(root, group))));
  return testFilesUnder(root)
    .filter((file) => !grouped.has(file))
    .map((file) => relative(root, file));
}

function testFilesUnder(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function declaresATest(file: string): boolean {
  return /\b(test|describe|it|suite)\s*\(/.test(readFileSync(file, 'utf8'));
}
