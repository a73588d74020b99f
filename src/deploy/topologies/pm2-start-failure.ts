import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunError } from '../../contract/errors.js';
import { OutputTail } from '../output-tail.js';
import { listeningPortsOfTree } from '../proc-table.js';
import { linesOf, startFailureError, type StreamLines } from '../start-failure.js';
import type { AppSpec } from './types.js';

/** What PM2 left to explain a failed start. */
export interface Pm2Failure {
  /** PM2_HOME, where its logs of the app and its own log are. */
  home: string;
  /** The port loadlab set in PORT. */
  port: number;
  /** How it failed, in words. */
  how: string;
  /** How many times PM2 restarted the app's instances. */
  restarts: number;
  /** The PM2 daemon, when it runs: in cluster mode it holds the app's listening socket. */
  daemonPid?: number | undefined;
  /** Whether PM2 said it started the app: before that, what stopped PM2 itself is in its daemon's log. */
  started: boolean;
}

/** Log lines read from the end of a log: a crash loop can write megabytes, and the telling lines are in its repeats. */
const logBytesRead = 256 * 1024;

/** A failed PM2 start, explained as every topology's is (start-failure.ts), with PM2's logs as the app's output. */
export function pm2StartFailure(topology: string, app: AppSpec, failure: Pm2Failure): RunError {
  const notes = failure.restarts > 0 ? [`PM2 restarted its instances ${failure.restarts} times`] : [];
  const listening = failure.daemonPid === undefined ? undefined : listeningPortsOfTree(failure.daemonPid);
  const daemonLog = failure.started ? [] : errorLines(readText(join(failure.home, 'pm2.log')));
  return startFailureError({
    headline: `${topology}: the app ${app.entry} under PM2 ${failure.how}`,
    port: failure.port,
    ...(listening ? { listening } : {}),
    notes,
    output: [
      { name: 'output log', lines: lastLines(join(failure.home, 'app-out.log')) },
      { name: 'error log', lines: lastLines(join(failure.home, 'app-err.log')) },
      ...(daemonLog.length > 0 ? [{ name: "PM2 daemon's log", lines: linesOf(tailOf(daemonLog.join('\n'))) }] : []),
    ],
    started: 'app',
  });
}

/** The error lines near the end of a log (a stack trace's frames left out), else its last lines. */
export function errorLines(text: string): string[] {
  const tail = text.trimEnd().split('\n').slice(-40);
  const errors = [...new Set(tail.filter((line) => /Error|Cannot|ERR_/.test(line)))].slice(-5);
  return errors.length > 0 ? errors : tail.slice(-5);
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tailOf(text: string): OutputTail {
  const tail = new OutputTail(20);
  tail.push(text);
  return tail;
}

/** The end of a log file as kept lines, as an OutputTail keeps a stream's. */
function lastLines(file: string): StreamLines {
  const tail = new OutputTail(20);
  try {
    const size = statSync(file).size;
    const handle = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(size, logBytesRead));
      readSync(handle, buffer, 0, buffer.length, size - buffer.length);
      const text = buffer.toString('utf8');
      // a read that began inside a line drops that line's end
      tail.push(size > buffer.length ? text.slice(text.indexOf('\n') + 1) : text);
    } finally {
      closeSync(handle);
    }
  } catch {
    // no log: PM2 did not start the app
  }
  return linesOf(tail);
}
