import { openSync, readSync, closeSync, readdirSync, fstatSync } from 'node:fs';
import { join } from 'node:path';

/** One line the in-app agent (runtime/probe-agent.cjs) writes per interval. */
export interface AgentLine {
  /** Epoch milliseconds. */
  t: number;
  pid: number;
  ppid: number;
  /** What runs the process; absent in lines of agents older than this field. */
  runtime?: 'node' | 'bun';
  elP50Ms: number;
  elP99Ms: number;
  elMaxMs: number;
  /** Requests this process has handled since it started; null where Node cannot count them. */
  requests: number | null;
  heapLimitBytes: number;
  heapUsedBytes: number;
}

/**
 * Follows the agent's files in a folder (one `<pid>.jsonl` per process), returning only the
 * lines added since the last call. A partial last line is kept for the next call.
 */
export class AgentFiles {
  private readonly offsets = new Map<string, number>();
  private readonly partial = new Map<string, string>();

  constructor(readonly folder: string) {}

  readNew(): AgentLine[] {
    const lines: AgentLine[] = [];
    let names: string[];
    try {
      names = readdirSync(this.folder).filter((name) => name.endsWith('.jsonl'));
    } catch {
      return lines;
    }
    for (const name of names) lines.push(...this.readFile(name));
    return lines;
  }

  private readFile(name: string): AgentLine[] {
    let fd: number;
    try {
      fd = openSync(join(this.folder, name), 'r');
    } catch {
      return [];
    }
    try {
      const offset = this.offsets.get(name) ?? 0;
      const size = fstatSync(fd).size;
      if (size <= offset) return [];
      const buffer = Buffer.alloc(size - offset);
      const read = readSync(fd, buffer, 0, buffer.length, offset);
      this.offsets.set(name, offset + read);
      const text = (this.partial.get(name) ?? '') + buffer.subarray(0, read).toString('utf8');
      const parts = text.split('\n');
      this.partial.set(name, parts.pop() ?? '');
      return parts.flatMap((line) => parseLine(line));
    } finally {
      closeSync(fd);
    }
  }
}

function parseLine(line: string): AgentLine[] {
  if (line.trim() === '') return [];
  try {
    const value = JSON.parse(line) as AgentLine;
    return typeof value.t === 'number' && typeof value.pid === 'number' ? [value] : [];
  } catch {
    return [];
  }
}
