import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { commanderOption } from '../../../src/commands/options/commander-command.js';
import { commandTable } from '../../../src/commands/options/command-table.js';
import type { OptionSpec } from '../../../src/commands/options/option-spec.js';
import { repoRoot } from '../../helpers/cli.js';

/** Every long flag loadlab has, from the command table (plus commander's own). */
const flags = new Set([
  '--help',
  '--version',
  ...Object.values(commandTable).flatMap((command) =>
    Object.entries(command.options as Record<string, OptionSpec>).map(([key, option]) => commanderOption(key, option).long ?? ''),
  ),
]);

const pages = [
  join(repoRoot, 'README.md'),
  ...readdirSync(join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(repoRoot, 'docs', name)),
];

const commandLine = new RegExp(`loadlab (${Object.keys(commandTable).join('|')})\\b`);

test('the docs name no loadlab option that the command table does not declare', () => {
  assert.ok(flags.has('--save-baseline-always') && flags.has('--no-probes'));
  const named = pages.flatMap((page) => {
    const text = readFileSync(page, 'utf8');
    // `loadlab …` command lines and the options reference name loadlab's flags; other tools' flags (npm, kubectl, node) sit elsewhere
    const lines = text.split('\n').filter((line) => commandLine.test(line) || /^\s{2,}--[a-z]/.test(line));
    return lines.flatMap((line) =>
      [...line.replace(/\bnpm (install|i) [^`]*/g, '').matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((match) => `${page.slice(repoRoot.length + 1)}: ${match[0]}`),
    );
  });
  assert.ok(named.length > 50, `${named.length} flags named in the docs`);
  assert.deepEqual(
    named.filter((entry) => !flags.has(entry.slice(entry.indexOf(': ') + 2))),
    [],
  );
});
