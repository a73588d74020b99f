/*
 * What loadlab needs to know of a tool a topology, balancer or runtime depends on, declared as
 * data beside the thing that needs it (src/deploy/balancers/nginx.ts declares nginx), so that
 * `doctor` finds, versions and explains every tool the same way without naming any of them.
 */

/** A program loadlab starts: found on PATH (or where the scenario says), versioned by running it. */
export interface ProgramTool {
  kind: 'program';
  /** How doctor and its JSON name it: 'haproxy'. */
  name: string;
  /** The executable's file name: 'haproxy'. */
  command: string;
  /** The arguments that make it print its version and exit: ['-v']. */
  versionArgs: readonly string[];
  /** Finds the version in what that prints (stdout and stderr together); its first group is the version. */
  versionPattern: RegExp;
  /** How to install it: 'apt-get install haproxy'. */
  install: string;
  /** The scenario field that gives its path instead of PATH, as a user writes it: 'proxy.haproxyPath'. */
  pathField?: string;
  /** Also looked for in the app project's node_modules/.bin folders (a tool installed with npm). */
  fromProject?: boolean;
}

/** An npm package loadlab loads itself, resolved from loadlab's own folder. */
export interface PackageTool {
  kind: 'package';
  name: string;
  /** The package name to resolve: 'tsx'. */
  package: string;
  install: string;
}

export type ToolFacts = ProgramTool | PackageTool;
