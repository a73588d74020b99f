/** Exit codes of the CLI: the documented contract (docs/cli.md, Exit codes). */
export const ExitCode = {
  ok: 0,
  gateFailed: 1,
  badInput: 2,
  couldNotRun: 3,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can act on. Library code throws these; only src/cli.ts turns them into
 * exit codes and messages. `lines` are printed one per line, without a stack trace.
 */
export class LoadlabError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly lines: readonly string[];
  readonly hint: string | undefined;

  constructor(exitCode: ExitCodeValue, lines: string | readonly string[], options: { hint?: string; cause?: unknown } = {}) {
    const all = typeof lines === 'string' ? [lines] : lines;
    super(all.join('\n'), { cause: options.cause });
    this.name = 'LoadlabError';
    this.exitCode = exitCode;
    this.lines = all;
    this.hint = options.hint;
  }
}

/** Bad usage or a bad scenario: exit 2. */
export class InputError extends LoadlabError {
  constructor(lines: string | readonly string[], options: { hint?: string; cause?: unknown } = {}) {
    super(ExitCode.badInput, lines, options);
    this.name = 'InputError';
  }
}

/** The run could not be done (the app would not start, a port, a missing dependency): exit 3. */
export class RunError extends LoadlabError {
  constructor(lines: string | readonly string[], options: { hint?: string; cause?: unknown } = {}) {
    super(ExitCode.couldNotRun, lines, options);
    this.name = 'RunError';
  }
}

/**
 * A topology cannot run on this machine (nginx is not installed): the runner records the skip,
 * shows it in every report, and goes on with the other topologies.
 */
export class TopologyUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopologyUnavailable';
  }
}
