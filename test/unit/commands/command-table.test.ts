import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import type { RunCommandOptions } from '../../../src/commands/run.js';
import { searchDefaults } from '../../../src/commands/capacity-search-defaults.js';
import { addCommands, commanderOption } from '../../../src/commands/options/commander-command.js';
import { commandTable, type CommandName, type CommandOptions } from '../../../src/commands/options/command-table.js';
import { flagOf, type OptionSpec } from '../../../src/commands/options/option-spec.js';
import { reportFormats } from '../../../src/render/report-kind.js';

/** Parses argv with commands built from the table; each action records what it was given. */
function parse(argv: string[]): { name: CommandName; args: unknown[]; options: Record<string, unknown> } {
  let seen: { name: CommandName; args: unknown[]; options: Record<string, unknown> } | undefined;
  const record =
    (name: CommandName) =>
    async (args: unknown[], options: object): Promise<number> => {
      seen = { name, args, options: { ...options } };
      return 0;
    };
  // every action the same recorder: its typed signature is what cli.ts checks, not this test
  const actions = Object.fromEntries(Object.keys(commandTable).map((name) => [name, record(name as CommandName)])) as never;
  const program = new Command('loadlab').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  addCommands(program, commandTable, actions, () => undefined);
  program.parse(argv, { from: 'user' });
  assert.ok(seen, `no action ran for ${argv.join(' ')}`);
  return seen;
}

const everyOption = Object.entries(commandTable).flatMap(([command, spec]) =>
  Object.entries(spec.options as Record<string, OptionSpec>).map(([key, option]) => ({ command, key, option })),
);

test("every option's flag parses back to the key it is filed under (commander's camelCase)", () => {
  assert.ok(everyOption.length > 60, `${everyOption.length} options`);
  for (const { command, key, option } of everyOption) {
    const built = commanderOption(key, option);
    assert.equal(built.attributeName(), key, `${command} ${built.flags}`);
  }
  assert.equal(flagOf('saveBaselineAlways', { help: '' }), '--save-baseline-always');
  assert.equal(flagOf('probes', { help: '', negated: true }), '--no-probes');
  assert.equal(flagOf('pids', { help: '', argument: '<pids...>' }), '--pids <pids...>');
});

test('a shared option has one help text in every command that takes it (--format: made from its choices)', () => {
  const helps = new Map<string, Set<string>>();
  for (const { key, option } of everyOption) helps.set(key, (helps.get(key) ?? new Set()).add(option.help));
  for (const key of ['out', 'json', 'junit', 'threshold', 'maxRegression', 'inconclusive', 'probeInterval', 'generators', 'allowRemote', 'topology']) {
    assert.equal(helps.get(key)?.size, 1, `--${key}: ${[...(helps.get(key) ?? [])].join(' | ')}`);
  }
});

test('run: the defaults the table declares, and each option parsed to its type', () => {
  const { args, options } = parse(['run', 's.ts']);
  assert.deepEqual(args, ['s.ts']);
  assert.deepEqual(options, {
    repeat: 1,
    maxRegression: 0.1,
    inconclusive: 'fail',
    out: 'reports',
    format: [...reportFormats],
    probeInterval: 500,
    probes: true,
    prometheusLinger: 15_000,
  });
  const given = parse([
    'run',
    's.ts',
    '--format',
    'md,json',
    '--repeat',
    '2',
    '--no-probes',
    '--duration',
    '3s',
    '--topology',
    'a,b',
    '--topology',
    'c',
    '--threshold',
    'p99 < 5',
    '--shard',
    '2/3',
    '--max-regression',
    '5%',
    '--json',
  ]).options;
  assert.deepEqual(
    { format: given.format, repeat: given.repeat, probes: given.probes, duration: given.duration, topology: given.topology },
    { format: ['md', 'json'], repeat: 2, probes: false, duration: 3000, topology: ['a', 'b', 'c'] },
  );
  assert.deepEqual(
    { threshold: given.threshold, shard: given.shard, maxRegression: given.maxRegression, json: given.json },
    {
      threshold: ['p99 < 5'],
      shard: { index: 1, count: 3 },
      maxRegression: 0.05,
      json: true,
    },
  );
});

test('each command: its positionals in order, its own defaults', () => {
  assert.deepEqual(parse(['compare', 'a.json', 'b.json']).args, ['a.json', 'b.json']);
  assert.deepEqual(parse(['merge', 'a.json', 'b.json']).args, [['a.json', 'b.json']]);
  assert.deepEqual(parse(['init']).args, [undefined]);
  assert.equal(parse(['ab', 's.ts', '--base-entry', 'old.js']).options.repeat, 3);
  assert.deepEqual(parse(['report', 'r.json']).options, { format: ['md', 'html'] });
  const capacity = parse(['capacity', 's.ts']).options;
  assert.deepEqual(
    { stepDuration: capacity.stepDuration, stepWarmup: capacity.stepWarmup, maxSteps: capacity.maxSteps, confirm: capacity.confirm },
    { stepDuration: searchDefaults.stepDurationMs, stepWarmup: searchDefaults.stepWarmupMs, maxSteps: searchDefaults.maxSteps, confirm: undefined },
  );
  assert.equal(parse(['k8s', 's.ts', '--shards', '2', '--url', 'http://10.0.0.1/']).options.url, 'http://10.0.0.1');
});

test("--format takes only its command's choices, and a required option is required (commander's one-line errors)", () => {
  assert.throws(() => parse(['report', 'r.json', '--format', 'json']), /unknown format 'json' \(terminal, md, html\)/);
  assert.throws(() => parse(['run', 's.ts', '--format', 'pdf']), /unknown format 'pdf' \(terminal, md, html, json\)/);
  assert.throws(() => parse(['ab', 's.ts']), /required option '--base-entry <path>' not specified/);
  assert.throws(() => parse(['run', 's.ts', '--inconclusive', 'maybe']), /Allowed choices are fail, warn/);
});

test("help quotes the constants the code uses: --confirm's step down and default, --format's choices", () => {
  const helpOf = (name: CommandName) => {
    const program = new Command('loadlab');
    addCommands(program, commandTable, Object.fromEntries(Object.keys(commandTable).map((key) => [key, async () => 0])) as never, () => undefined);
    return (
      program.commands
        .find((command) => command.name() === name)
        ?.helpInformation({ error: false })
        .replace(/\s+/g, ' ') ?? ''
    );
  };
  const capacity = helpOf('capacity');
  const stepDown = Math.round((1 - searchDefaults.confirmStepDown) * 100);
  assert.equal(stepDown, 5);
  assert.match(capacity, new RegExp(`stepping down ${stepDown}% at a time`));
  assert.match(capacity, new RegExp(`\\(default: ${searchDefaults.confirmSteps} × --step-duration\\)`));
  assert.match(capacity, /--step-duration <duration> measured phase of each step \(default: 2s\)/);
  assert.match(helpOf('run'), /comma-separated: terminal \(stdout\), md, html, json \(files in --out\) \(default: terminal,md,html,json\)/);
  assert.match(helpOf('report'), /comma-separated: terminal \(stdout\), md, html \(files in --out\) \(default: md,html\)/);
});

// The parsed options' types come from the table: these assignments are checked by `npm run typecheck`.
const runOptions: RunCommandOptions = {
  repeat: 1,
  maxRegression: 0.1,
  inconclusive: 'warn',
  out: 'reports',
  format: ['md'],
  probeInterval: 500,
  probes: true,
  prometheusLinger: 15_000,
};
// @ts-expect-error --inconclusive takes only its choices
const badPolicy: CommandOptions<'run'>['inconclusive'] = 'maybe';
// @ts-expect-error --repeat has a default: always set
const noRepeat: CommandOptions<'ab'> = { baseEntry: 'x', maxRegression: 0.1, inconclusive: 'fail', out: 'reports', probeInterval: 500, probes: true };
test('the derived types (checked by the compiler)', () => {
  assert.equal(runOptions.shard?.count, undefined);
  assert.ok(badPolicy && noRepeat);
});
