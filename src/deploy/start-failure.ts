import { RunError } from '../contract/errors.js';
import type { OutputLine, OutputTail, TellingLine } from './output-tail.js';
import { listeningPortsOfTree } from './proc-table.js';
import type { ExitInfo, OwnedProcess } from './processes.js';

/** What a stream of the app kept: its last lines, and its first lines about a port or an error. */
export interface StreamLines {
  tail: readonly OutputLine[];
  telling: readonly TellingLine[];
}

/** What a failed start leaves to explain it. */
export interface StartFailureFacts {
  /** Who failed and how: 'single: the app /srv/server.js exited during start with exit code 1'. */
  headline: string;
  /** The port loadlab set in PORT. */
  port: number;
  /** The TCP ports the app's processes listened on when loadlab gave up (from /proc); undefined when not known (it had exited, or no /proc). */
  listening?: readonly number[];
  /** Facts for a line each after the headline ('its instances were restarted 20 times'). */
  notes?: readonly string[];
  /** What it wrote, each stream by its name ('stdout', 'stderr', 'error log'). */
  output: readonly { name: string; lines: StreamLines }[];
  /** The scenario's app (its remedy: read PORT, or run it as an external topology), or an external topology's command (its url). */
  started: 'app' | 'command';
}

/** The last lines of a stream shown after its telling ones. */
const lastShown = 10;
/** A quoted line is cut beyond this many characters. */
const quoteChars = 160;

/** The lines of a stream as kept so far. */
export function linesOf(tail: OutputTail): StreamLines {
  return { tail: tail.tail(), telling: tail.tellingLines() };
}

/** 'exit code 3' or 'signal SIGKILL'. */
export function describeExit(exit: ExitInfo | undefined): string {
  return exit?.signal ? `signal ${exit.signal}` : `exit code ${exit?.code ?? 'unknown'}`;
}

/**
 * The failed start of one process loadlab started (the app, or an external command), with what
 * it wrote and, while it lives, where it listens: call it before stopping the process.
 */
export function processStartFailure(child: OwnedProcess, facts: Pick<StartFailureFacts, 'headline' | 'port' | 'started'>): RunError {
  const listening = child.exitInfo() ? undefined : listeningPortsOfTree(child.pid);
  return startFailureError({
    ...facts,
    ...(listening ? { listening } : {}),
    output: [
      { name: 'stdout', lines: linesOf(child.stdout) },
      { name: 'stderr', lines: linesOf(child.stderr) },
    ],
  });
}

/** The RunError of a failed start: the message of explainStartFailure, its hint as the error's. */
export function startFailureError(facts: StartFailureFacts): RunError {
  const { lines, hint } = explainStartFailure(facts);
  return new RunError(lines, hint === undefined ? {} : { hint });
}

/**
 * A failed start in words: the headline, the port loadlab set (and where the app listened
 * instead), each stream's lines that mention a port or an error and its last lines, repeated
 * lines folded, and the likely cause when the output shows one.
 */
export function explainStartFailure(facts: StartFailureFacts): { lines: string[]; hint?: string } {
  const listening = facts.listening === undefined ? '' : `; ${facts.started === 'app' ? 'the app' : 'it'} listens on ${describePorts(facts.listening)}`;
  const lines = [facts.headline, `loadlab set PORT=${facts.port}${listening}`, ...(facts.notes ?? [])];
  for (const { name, lines: kept } of facts.output) {
    const shown = excerpt(kept);
    if (shown.length === 0) continue;
    lines.push(`its ${name} (lines about ports and errors, and the last ones):`, ...shown.map((line) => `  ${line}`));
  }
  const hint = likelyCause(facts);
  return hint === undefined ? { lines } : { lines, hint };
}

function describePorts(ports: readonly number[]): string {
  return ports.length === 0 ? 'no TCP port yet' : `port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}`;
}

/**
 * A stream's telling lines and its last lines, in the order written: a telling line written
 * several times shows once, where it first was, with its count; '…' marks lines left out;
 * runs of identical lines are folded.
 */
export function excerpt(kept: StreamLines): string[] {
  const repeated = new Set(kept.telling.filter((line) => line.count > 1).map((line) => line.text));
  const last = kept.tail.slice(-lastShown);
  const lastFrom = last[0]?.index ?? Number.POSITIVE_INFINITY;
  const byIndex = new Map<number, string>();
  for (const line of kept.telling) byIndex.set(line.index, line.count > 1 ? folded(line.text, line.count) : line.text);
  for (const line of last) if (!byIndex.has(line.index) && !repeated.has(line.text)) byIndex.set(line.index, line.text);
  const shown: string[] = [];
  let previous = -1;
  for (const [index, text] of [...byIndex].sort(([a], [b]) => a - b)) {
    // among the last lines, those left out repeat a telling line shown above: no gap to mark
    if (index > previous + 1 && !(previous >= lastFrom && index >= lastFrom)) shown.push('…');
    shown.push(text);
    previous = index;
  }
  // an app that wrote nothing but blank lines has nothing to show
  return shown.every((line) => line.trim() === '') ? [] : foldRepeats(shown);
}

/** Runs of identical lines as one line each: 'Error: boom … ×20'. */
export function foldRepeats(lines: readonly string[]): string[] {
  const result: string[] = [];
  for (let start = 0; start < lines.length;) {
    let end = start + 1;
    while (end < lines.length && lines[end] === lines[start]) end += 1;
    const line = lines[start] as string;
    result.push(end - start > 1 && line !== '…' ? folded(line, end - start) : line);
    start = end;
  }
  return result;
}

function folded(line: string, count: number): string {
  return `${line} … ×${count}`;
}

/** Node's "listen EADDRINUSE: address already in use :::8123", and other programs' "bind EADDRINUSE 0.0.0.0:8123". */
const addressInUse = /EADDRINUSE.*:(\d{1,5})\b/;
/** A line that says where it listens: "listening on 8123", "Server running at http://localhost:3000/". */
const listensWords = /\b(?:listen(?:s|ing)?|running|started|serving|ready|bound|available)\b/i;
/** "port 8123", "port: 8123", ":8123" (not a time of day, 12:30:45, nor a line:column, file.js:12:7), "on 8123". */
const portNumber = /\bport\b\D{0,3}(\d{2,5})\b|(?<!\b\d{1,2}:\d{2}):(\d{2,5})\b(?![:.]\d)|\b(?:on|at)\s+(\d{2,5})\b/gi;
/** Below this, a number is more likely something else than the port of an app (a line, a count). */
const lowestPort = 80;

/**
 * The likely cause of the failure, from what the app wrote and where it listened: a port of its
 * own (it ignores PORT), or a port that someone else took first.
 */
export function likelyCause(facts: StartFailureFacts): string | undefined {
  const texts = facts.output.flatMap(({ lines }) => [...lines.telling.map((line) => line.text), ...lines.tail.map((line) => line.text)]);
  const remedy =
    facts.started === 'app'
      ? 'make the app read process.env.PORT, or use an external topology'
      : `make the command listen on PORT, or give the topology a url with the port it listens on`;
  const inUse = texts.find((text) => addressInUse.test(text)) ?? texts.find((text) => text.includes('EADDRINUSE'));
  const inUsePort = inUse === undefined ? undefined : addressInUse.exec(inUse)?.[1];
  if (inUse !== undefined && inUsePort !== undefined && Number(inUsePort) !== facts.port) {
    return `${saidLine(facts, inUse)}; loadlab set PORT=${facts.port}: it binds ${inUsePort} whatever PORT says, so only one process can listen there (of several instances the first takes it, and the others fail like this): ${remedy}`;
  }
  if (inUse !== undefined) {
    // loadlab chose a port that was free: something else bound it before the app did
    return 'the port in PORT was free when loadlab chose it, and another process took it before the app listened: run again, or find what binds ports on this machine';
  }
  // it does listen on PORT: whatever it says of other ports, the cause is something else
  if (facts.listening?.includes(facts.port)) return undefined;
  const elsewhere = (facts.listening ?? []).filter((port) => port !== facts.port);
  if (elsewhere.length > 0) {
    const said = texts.find((text) => portsIn(text).some((port) => elsewhere.includes(port)));
    return said === undefined
      ? `${facts.started === 'app' ? 'the app' : 'it'} listens on ${describePorts(elsewhere)}, not on PORT=${facts.port} that loadlab set: ${remedy}`
      : `${saidLine(facts, said)}; loadlab set PORT=${facts.port}: ${remedy}`;
  }
  const said = texts.find((text) => listensWords.test(text) && portsIn(text).some((port) => port !== facts.port) && !portsIn(text).includes(facts.port));
  return said === undefined || texts.some((text) => listensWords.test(text) && portsIn(text).includes(facts.port))
    ? undefined
    : `${saidLine(facts, said)}; loadlab set PORT=${facts.port}: ${remedy}`;
}

function saidLine(facts: StartFailureFacts, line: string): string {
  const trimmed = line.trim();
  const quoted = trimmed.length > quoteChars ? `${trimmed.slice(0, quoteChars)}…` : trimmed;
  return `${facts.started === 'app' ? 'the app' : 'the command'} said '${quoted}'`;
}

/** The port numbers a line mentions: "port 8123", ":8123", "on 8123". */
export function portsIn(text: string): number[] {
  return [...text.matchAll(portNumber)].map((match) => Number(match[1] ?? match[2] ?? match[3])).filter((port) => port >= lowestPort && port < 65536);
}
