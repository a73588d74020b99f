import { readdirSync, readFileSync } from 'node:fs';

export interface ProcEntry {
  pid: number;
  ppid: number;
  /** Process group id. */
  pgrp: number;
  /** One-letter state from /proc/PID/stat; 'Z' is a zombie, 'X' is dead. */
  state: string;
  /** CPU time used so far, user and system, in clock ticks (see ticksPerSecond); null in a line cut short. */
  cpuTicks: number | null;
}

/** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ is 100 on every mainstream architecture). */
export const ticksPerSecond = 100;

/** Every process of the machine from /proc, or undefined where there is no /proc (not Linux). */
export function readProcTable(): Map<number, ProcEntry> | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const table = new Map<number, ProcEntry>();
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readProcStat(Number(name));
    if (entry) table.set(entry.pid, entry);
  }
  return table;
}

/**
 * Parses /proc/PID/stat: the one parser of it. The command name may hold spaces and parentheses,
 * so fields are counted from the last ')': state is field 3 of proc(5), then ppid, pgrp, and
 * utime and stime are fields 14 and 15.
 */
export function readProcStat(pid: number): ProcEntry | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return parseProcStat(pid, text);
}

export function parseProcStat(pid: number, text: string): ProcEntry | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(' ');
  const [state, ppid, pgrp] = fields;
  if (state === undefined || ppid === undefined || pgrp === undefined) return undefined;
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp), cpuTicks: Number.isFinite(cpuTicks) ? cpuTicks : null };
}

/** Live (not zombie) processes that descend from root, or belong to its process group, root included. */
export function processTree(root: number, table: Map<number, ProcEntry>): number[] {
  const children = new Map<number, number[]>();
  for (const entry of table.values()) {
    const list = children.get(entry.ppid) ?? [];
    list.push(entry.pid);
    children.set(entry.ppid, list);
  }
  const found = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (found.has(pid)) continue;
    found.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  for (const entry of table.values()) if (entry.pgrp === root) found.add(entry.pid);
  return [...found].filter((pid) => isLive(table.get(pid)));
}

/** Live members of a process group. */
export function processGroup(pgid: number, table: Map<number, ProcEntry>): number[] {
  return [...table.values()].filter((entry) => entry.pgrp === pgid && isLive(entry)).map((entry) => entry.pid);
}

export function isLive(entry: ProcEntry | undefined): boolean {
  return entry !== undefined && entry.state !== 'Z' && entry.state !== 'X';
}

/** Live children of a process (the table is scanned: /proc/PID/task/TID/children is not always there). */
export function childrenOf(pid: number): number[] {
  const table = readProcTable();
  if (!table) return [];
  return [...table.values()].filter((entry) => entry.ppid === pid && isLive(entry)).map((entry) => entry.pid);
}
