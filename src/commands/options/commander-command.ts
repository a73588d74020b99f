import { Option, type Command } from 'commander';
import { flagOf, type ArgumentValues, type CommandAction, type CommandSpec, type OptionSpec, type ParsedOptions } from './option-spec.js';

/** commander's Option for a table entry: the flag from its key, the help and default from the entry. */
export function commanderOption(key: string, spec: OptionSpec): Option {
  const worksOut = !('default' in spec) && spec.shownDefault !== undefined;
  // commander shows a default only when it has a value: one the command works out is said here
  const option = new Option(flagOf(key, spec), worksOut ? `${spec.help} (default: ${spec.shownDefault})` : spec.help);
  if (spec.parse) option.argParser(spec.parse.bind(spec));
  if (spec.choices) option.choices(spec.choices);
  if ('default' in spec) option.default(spec.default, spec.shownDefault);
  if (spec.required) option.makeOptionMandatory();
  return option;
}

/**
 * Adds the command a spec describes to the program, its action typed by the same spec: the one
 * place commander's untyped action arguments meet the types the table derives.
 */
export function addCommand<Spec extends CommandSpec>(
  program: Command,
  name: string,
  spec: Spec,
  action: CommandAction<Spec>,
  finish: (exitCode: number) => void,
): Command {
  const command = program.command(name).description(spec.description);
  for (const [usage, help] of spec.arguments) command.argument(usage, help);
  for (const [key, option] of Object.entries(spec.options)) command.addOption(commanderOption(key, option));
  return command.action(async (...args: unknown[]) => {
    // commander calls back with the positionals in order, then the parsed options, then the command
    const positionals = args.slice(0, spec.arguments.length) as ArgumentValues<Spec>;
    finish(await action(positionals, args[spec.arguments.length] as ParsedOptions<Spec['options']>));
  });
}

/** Adds every command of a table, in its order, each with its action. */
export function addCommands<Table extends Record<string, CommandSpec>>(
  program: Command,
  table: Table,
  actions: { [Name in keyof Table]: CommandAction<Table[Name]> },
  finish: (exitCode: number) => void,
): void {
  for (const name of Object.keys(table)) addCommand(program, name, table[name] as CommandSpec, actions[name] as CommandAction<CommandSpec>, finish);
}
