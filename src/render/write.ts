import { existsSync } from 'node:fs';
import { appendFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ExitCode, type ExitCodeValue } from '../contract/errors.js';
import { checkOutputs, type OutputTarget } from './check-outputs.js';
import { fileFormatsOf, type ReportFormat, type ReportKind } from './report-kind.js';
import { replaceFile, replaceFileNow, writeNewFile } from './write-files.js';

/** Where a command's outputs go, as the user named them; an absent one is not written (nor checked). */
export interface OutputPlan {
  /** --out: the folder of the report files. */
  out?: string | undefined;
  /** --junit: the JUnit XML. */
  junit?: string | undefined;
  /** --save-baseline: the run's JSON, to be the reference of later runs. */
  saveBaseline?: string | undefined;
  /** GITHUB_STEP_SUMMARY (GitHub Actions sets it for every step): the markdown is appended to it. Empty: off. */
  stepSummary?: string | undefined;
}

export interface WriterOutput {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
}

/** 'first-free': a new report never overwrites an earlier one (`stem`, `stem-2`, …); 'replace': a re-rendered one replaces its files. */
export type Naming = 'first-free' | 'replace';

const single = {
  junit: { option: '--junit', what: 'the JUnit XML', done: 'JUnit XML written to' },
  saveBaseline: { option: '--save-baseline', what: 'the baseline', done: 'baseline saved to' },
} as const;

/**
 * The one place reports leave the process: report files, stdout, the step summary, JUnit and
 * the baseline. Every output is checked when the writer opens, before anything starts. One
 * error policy afterwards: an output that cannot be written is one line on stderr naming it,
 * its option and why; the other outputs are still written; a report whose files could not all
 * be written has its JSON written to a fallback path the line names (on stderr itself as a last
 * resort), so measurements are never thrown away; and the command exits 3 (exitCode).
 */
export class ReportWriter {
  private failures = 0;

  private constructor(
    private readonly plan: OutputPlan,
    private readonly output: WriterOutput,
  ) {}

  /** Checks every output of the plan (InputError, exit 2, a line per bad one) and opens the writer. */
  static async open(plan: OutputPlan, output: WriterOutput): Promise<ReportWriter> {
    const targets: OutputTarget[] = [];
    if (plan.out !== undefined) targets.push({ option: '--out', path: plan.out, kind: 'folder' });
    if (plan.junit !== undefined) targets.push({ option: single.junit.option, path: plan.junit, kind: 'file' });
    if (plan.saveBaseline !== undefined) targets.push({ option: single.saveBaseline.option, path: plan.saveBaseline, kind: 'file' });
    if (plan.stepSummary) targets.push({ option: 'GITHUB_STEP_SUMMARY', path: plan.stepSummary, kind: 'append' });
    await checkOutputs(targets);
    return new ReportWriter(plan, output);
  }

  /** The files of one report in --out, named `<stem>.<format>`: kept as it goes, written in full at the end. */
  files<Report>(kind: ReportKind<Report>, stem: string, formats: readonly ReportFormat[], naming: Naming = 'first-free'): ReportFiles<Report> {
    if (this.plan.out === undefined) throw new Error('ReportWriter.files: no --out folder in the plan');
    return new ReportFiles(this, kind, this.plan.out, stem, formats, naming);
  }

  /** On stdout: the report's JSON with --json, else its terminal rendering when asked for. */
  printReport<Report>(kind: ReportKind<Report>, report: Report, options: { json: boolean; formats: readonly ReportFormat[] }): void {
    const { stdout } = this.output;
    if (options.json) stdout.write(kind.json(report));
    else if (options.formats.includes('terminal')) stdout.write(kind.terminal(report, { color: stdout.isTTY === true, width: stdout.columns }));
  }

  /** Text on stdout as it is (a comparison's markdown, doctor's findings). */
  print(text: string): void {
    this.output.stdout.write(text);
  }

  /** A line for the person watching (stderr). */
  say(line: string): void {
    this.output.stderr.write(`${line}\n`);
  }

  /** Appends markdown to the step summary, when there is one; a blank line first, for other steps' summaries may not end with one. */
  async appendStepSummary(render: () => string): Promise<void> {
    const file = this.plan.stepSummary;
    if (!file) return;
    await this.attempt(`could not append the markdown report to GITHUB_STEP_SUMMARY (${file})`, () => appendFile(file, `\n${render()}`));
  }

  /** --junit or --save-baseline, rendered and replaced atomically when the option was given; says where. */
  async writeFile(output: keyof typeof single, render: () => string): Promise<void> {
    const file = this.plan[output];
    if (file === undefined) return;
    const { option, what, done } = single[output];
    const path = await this.attempt(`could not write ${what} to ${file} (${option})`, () => replaceFile(dirname(file), basename(file), render()));
    if (path !== undefined) this.say(`${done} ${path}`);
  }

  /** The command's exit code once its outputs are written: 3 when one was lost, else its own. */
  exitCode(code: ExitCodeValue): ExitCodeValue {
    return this.failures > 0 ? ExitCode.couldNotRun : code;
  }

  /** Runs a write; a failure is the policy's line (context, then why) and counts against the exit code. */
  async attempt<T>(context: string, write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (error) {
      this.fail(`${context}: ${(error as Error).message}`);
      return undefined;
    }
  }

  fail(line: string): void {
    this.failures += 1;
    this.say(`loadlab: ${line}`);
  }
}

/**
 * One report's files under a stem in a folder. keep() rewrites the JSON as the work goes on
 * (the first write claims the stem); finish() writes every format asked for under that stem.
 */
export class ReportFiles<Report> {
  /** The stem the first write took: `stem`, or `stem-2` when that was taken. */
  private claimed: string | undefined;
  private keepFailed = false;
  /** What keep() was last given: built again, it tells what has changed since (an interruption). */
  private lastKept: (() => Report) | undefined;

  constructor(
    private readonly writer: ReportWriter,
    private readonly kind: ReportKind<Report>,
    private readonly folder: string,
    private readonly stem: string,
    private readonly formats: readonly ReportFormat[],
    private readonly naming: Naming,
  ) {}

  /**
   * The report as it is now (built only when needed), as JSON when JSON is among the formats,
   * written atomically over the last one: a run killed by any signal leaves every finished part on disk. Never throws: a
   * failure is said once, and finish() tries again.
   */
  async keep(report: () => Report): Promise<void> {
    if (!this.formats.includes('json')) return;
    this.lastKept = report;
    try {
      await this.write('json', this.kind.json(report()));
    } catch (error) {
      if (!this.keepFailed) this.writer.say(`warning: could not keep the JSON report in ${this.folder} (--out) as the run goes: ${(error as Error).message}`);
      this.keepFailed = true;
    }
  }

  /**
   * The kept JSON again, synchronously, from what keep() was last given, built anew: for when
   * loadlab is forced to stop (a second Ctrl-C) before the run could end, so that the file says
   * what is known now (interrupted). Nothing when nothing was kept yet; never throws.
   */
  keepAgainNow(): void {
    if (this.lastKept === undefined || this.claimed === undefined) return;
    try {
      replaceFileNow(this.folder, `${this.claimed}.json`, this.kind.json(this.lastKept()));
    } catch (error) {
      this.writer.say(`warning: could not mark the JSON report in ${this.folder} (--out) as interrupted: ${(error as Error).message}`);
    }
  }

  /** Every file format asked for, the JSON first; says where each went. Returns the paths written. */
  async finish(report: Report): Promise<string[]> {
    // the report in full replaces the kept one: keepAgainNow must not write over it
    this.lastKept = undefined;
    const paths: string[] = [];
    let lost = false;
    for (const format of fileFormatsOf(this.formats)) {
      const path = await this.writer.attempt(`could not write the ${format} report to ${this.folder} (--out)`, () =>
        this.write(format, this.kind[format](report)),
      );
      if (path === undefined) lost = true;
      else {
        paths.push(path);
        this.writer.say(`report written to ${path}`);
      }
    }
    // a re-rendered report ('replace') was read from its JSON: that is on disk already
    const jsonWritten = paths.some((path) => path.endsWith('.json'));
    if (lost && !jsonWritten && this.naming === 'first-free') await this.fallback(report);
    return paths;
  }

  private async write(format: string, content: string): Promise<string> {
    if (this.claimed === undefined && this.naming === 'first-free') {
      const path = await writeNewFile(this.folder, this.stem, format, content);
      this.claimed = basename(path, `.${format}`);
      return path;
    }
    this.claimed ??= this.stem;
    return replaceFile(this.folder, `${this.claimed}.${format}`, content);
  }

  /**
   * The measurements, where they can still go: the temporary folder, else stderr. The JSON kept
   * in the folder as the work went (complete: false) is older: once the whole report is in a
   * file, it is removed; when it stays, the message names it.
   */
  private async fallback(report: Report): Promise<void> {
    const json = this.kind.json(report);
    const folder = tmpdir();
    const kept = this.claimed === undefined ? undefined : join(this.folder, `${this.claimed}.json`);
    try {
      const path = await writeNewFile(folder, this.claimed ?? this.stem, 'json', json);
      const stale = kept === undefined ? undefined : await removeKept(kept);
      this.writer.say(`loadlab: the JSON report is in ${path} instead (\`loadlab report ${path}\` renders it)${stale === undefined ? '' : `; ${stale}`}`);
    } catch (error) {
      this.writer.say(`loadlab: nor could it be written to ${folder} (${(error as Error).message}); here it is:`);
      this.writer.say(json.trimEnd());
      if (kept !== undefined && existsSync(kept)) this.writer.say(`loadlab: ${kept} holds only what was kept as the run went (complete: false)`);
    }
  }
}

/** Removes a kept JSON the full report replaces elsewhere; says what became of it (undefined: there was none). */
async function removeKept(path: string): Promise<string | undefined> {
  try {
    await unlink(path);
    return `the incomplete one kept as the run went (${path}) is removed`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `${path} holds only what was kept as the run went (complete: false): it could not be removed (${(error as Error).message})`;
  }
}
