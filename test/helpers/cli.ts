import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../../src/contract/run-report.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The bundled demo app's entry, as the deployments start it. */
export const demoEntry = `${repoRoot}/examples/demo-app/server.js`;

/*
 * Test files run side by side (npm test), so each keeps to itself: every process it starts
 * (loadlab, and through loadlab the apps, balancers and daemons, which inherit the environment)
 * carries this file's tag, by which processesMentioning tells them from another file's; and a
 * temporary folder of its own (TMPDIR) holds every private folder they make, which
 * leftoverFolders looks in.
 */
const testTag = randomUUID();
process.env.LOADLAB_TEST_TAG = testTag;
const ownTemporary = mkdtempSync(join(tmpdir(), 'loadlab-tests-'));
process.env.TMPDIR = ownTemporary;

/**
 * The CLI as `npm run build` makes it and users run it (npm test builds first). Started from
 * source through tsx, each of the suite's few hundred runs would spend half a second more of
 * CPU compiling, on a 2-core machine.
 */
export const cliPath = join(repoRoot, 'dist/cli.js');

export function fixtureScenario(name: string): string {
  return join(repoRoot, 'test/fixtures/scenarios', name);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Shell commands that set loadlab's limits before it starts, e.g. 'ulimit -n 256' (then bash execs it). */
  limits?: string;
}

/** Starts loadlab as a user would run it, from the build of this source (see cliPath). */
export function startCli(args: readonly string[], options: CliOptions = {}): ChildProcess & { result: Promise<CliResult> } {
  assertBuilt();
  const command = [process.execPath, cliPath, ...args];
  const [file, ...rest] = options.limits === undefined ? command : ['bash', '-c', `${options.limits} && exec "$0" "$@"`, ...command];
  const child = spawn(file as string, rest, {
    cwd: options.cwd ?? repoRoot,
    // Empty turns it off: the test runs' reports must not land in a CI job's own summary.
    env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const result = new Promise<CliResult>((done) => {
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
  return Object.assign(child, { result });
}

let built = false;

/** dist/ must be the build of this source: a test of an older build would test nothing. */
export function assertBuilt(): void {
  if (built) return;
  const newest = (folder: string): number =>
    Math.max(
      0,
      ...readdirSync(folder, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newest(join(folder, entry.name)) : statSync(join(folder, entry.name)).mtimeMs,
      ),
    );
  const builtAt = existsSync(cliPath) ? statSync(cliPath).mtimeMs : 0;
  if (builtAt < newest(join(repoRoot, 'src'))) throw new Error('dist/ is missing or older than src/: run `npm run build` (npm test does) before the tests');
  built = true;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

const madeFolders: string[] = [];
// node:test runs each test file in a process of its own (the unit files all in one,
// test/unit/all.ts): its folders go when it ends
process.on('exit', () => {
  for (const folder of madeFolders) rmSync(folder, { recursive: true, force: true });
  rmSync(ownTemporary, { recursive: true, force: true });
});

/** A fresh folder for a test's files, removed when the test file's process ends. */
export function tempDir(prefix = 'loadlab-test-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  madeFolders.push(folder);
  return folder;
}

/** Live (not zombie) pids among these. */
export function alivePids(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  });
}

/** Entries of this file's temporary folder whose names start with `prefix` (a deployment's private folders). */
export function leftoverFolders(prefix: string): string[] {
  return readdirSync(ownTemporary).filter((name) => name.startsWith(prefix));
}

/** Live processes this test file started (see testTag) whose command line mentions `text` (e.g. a fixture's path), other than this test process. */
export function processesMentioning(text: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!cmdline.includes(text) || alivePids([Number(name)]).length === 0) continue;
      if (readFileSync(`/proc/${name}/environ`, 'utf8').includes(`LOADLAB_TEST_TAG=${testTag}\0`)) found.push({ pid: Number(name), cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The port of a deployment's "<topology> ready at http://127.0.0.1:<port>" progress line. */
export function readyPort(progress: string): number {
  const port = /ready at http:\/\/127\.0\.0\.1:(\d+)/.exec(progress)?.[1];
  if (port === undefined) throw new Error(`no "ready at" line: ${progress}`);
  return Number(port);
}

/** Waits until `predicate` holds for the text a stream has produced so far. */
export function waitForOutput(child: ChildProcess, stream: 'stdout' | 'stderr', predicate: (text: string) => boolean, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let text = '';
    const source = stream === 'stdout' ? child.stdout : child.stderr;
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${stream}; got:\n${text}`)), timeoutMs);
    source?.on('data', (chunk: Buffer | string) => {
      text += chunk.toString();
      if (predicate(text)) {
        clearTimeout(timer);
        resolvePromise(text);
      }
    });
  });
}

/** Report files written into a folder. */
export function reportFiles(folder: string, extension = '.json'): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith(extension))
    .map((name) => join(folder, name));
}

/** The JSON report a run wrote, found through the "report written to" line of its stderr. */
export function writtenReport(stderr: string): RunReport {
  const file = stderr.match(/report written to (.+\.json)/)?.[1];
  if (!file) throw new Error(`no report was written; stderr:\n${stderr}`);
  return JSON.parse(readFileSync(file, 'utf8')) as RunReport;
}

/**
 * A run that finished and was judged: exit 0 when its outcome passed, 1 when it failed (a
 * threshold, a regression, a failed verdict such as the SLO), never anything else; and the
 * exit code is the one its report's outcome gives.
 */
export function assertJudged(result: CliResult, report: RunReport): void {
  if (result.code !== 0 && result.code !== 1) throw new Error(`exit ${result.code}: ${result.stderr}`);
  if (report.outcome === undefined) throw new Error('the report has no outcome');
  if (report.outcome.exitCode !== result.code)
    throw new Error(`exit ${result.code}, but the outcome says ${report.outcome.exitCode} (${report.outcome.headline})`);
}
