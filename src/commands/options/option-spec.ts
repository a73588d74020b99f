/**
 * A command's options as data. The key an option is filed under is the property it parses to
 * (commander's camelCase of the flag: `saveBaseline` is `--save-baseline`), and from one entry
 * come commander's definition, the help text and the parsed value's TypeScript type.
 */
export interface OptionSpec<Value = unknown> {
  /** The value's placeholder in help, e.g. '<dir>'; '<pids...>' takes several. None: a flag. */
  argument?: string;
  help: string;
  /** Text in, value out; a bad text throws commander's InvalidArgumentError (one line, exit 2). A repeatable option gets the value so far. */
  parse?(text: string, previous: Value | undefined): Value;
  /** The only texts accepted (commander's own one-line error for another). */
  choices?: readonly string[];
  /** The value when the option is not given. */
  default?: Value;
  /** How help shows the default when not as the value itself (2000 ms as '2s'), or a default the command works out. */
  shownDefault?: string;
  required?: boolean;
  /** A `--no-<key>` flag: the value is true unless it is given. */
  negated?: boolean;
}

export type OptionTable = Record<string, OptionSpec>;

/** Keeps the literal types of a table (its parsers' values, `required: true`) for ParsedOptions. */
export function defineOptions<const Table extends OptionTable>(table: Table): Table {
  return table;
}

type ValueOf<Spec> = Spec extends { negated: true }
  ? boolean
  : Spec extends { parse: (...args: never[]) => infer Value }
    ? Value
    : Spec extends { choices: readonly (infer Choice)[] }
      ? Choice
      : Spec extends { argument: `${string}...>` }
        ? string[]
        : Spec extends { argument: string }
          ? string
          : true;

/** Present whatever the user typed: a default, a required option, a `--no-` flag. */
type AlwaysSet<Spec> = Spec extends { default: unknown } | { required: true } | { negated: true } ? true : false;

type Simplify<T> = { [K in keyof T]: T[K] };

/** What commander hands a command's action for a table: each key typed by its entry. */
export type ParsedOptions<Table extends OptionTable> = Simplify<
  { -readonly [K in keyof Table as AlwaysSet<Table[K]> extends true ? K : never]: ValueOf<Table[K]> } & {
    -readonly [K in keyof Table as AlwaysSet<Table[K]> extends true ? never : K]?: ValueOf<Table[K]>;
  }
>;

/** The flag a key stands for: `saveBaseline` → `--save-baseline`, a negated `probes` → `--no-probes`. */
export function flagOf(key: string, spec: OptionSpec): string {
  const name = `--${spec.negated ? 'no-' : ''}${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
  return spec.argument === undefined ? name : `${name} ${spec.argument}`;
}

/** A command as data: what help says of it, its positional arguments and its options. */
export interface CommandSpec {
  description: string;
  /** Each positional as commander writes its usage ('<scenario>', '[file]', '<shards...>') with its help. */
  arguments: readonly (readonly [usage: string, help: string])[];
  options: OptionTable;
}

type ArgumentValue<Usage> = Usage extends `${string}...${']' | '>'}` ? string[] : Usage extends `<${string}>` ? string : string | undefined;

/** The positional arguments' values, in order: a required one is a string, an optional one may be undefined. */
export type ArgumentValues<Command extends CommandSpec> = ValuesOfArguments<Command['arguments']>;

type ValuesOfArguments<Args> = { -readonly [I in keyof Args]: Args[I] extends readonly [infer Usage, string] ? ArgumentValue<Usage> : never };

/** A command's work: its arguments and options in, its exit code out. */
export type CommandAction<Command extends CommandSpec> = (args: ArgumentValues<Command>, options: ParsedOptions<Command['options']>) => Promise<number>;
