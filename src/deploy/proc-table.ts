import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

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

/** A TCP socket in LISTEN state, from /proc/net/tcp or tcp6. */
export interface ListeningSocket {
  port: number;
  inode: string;
}

/** The TCP sockets of this network namespace that listen (IPv4 and IPv6); empty without /proc. */
export function readListeningSockets(): ListeningSocket[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => {
    try {
      return parseListeningSockets(readFileSync(file, 'latin1'));
    } catch {
      return [];
    }
  });
}

/**
 * Parses /proc/net/tcp text (proc(5)): after the header, each line is "sl local_address
 * rem_address st …" with the port in hex after the local address's colon, the state in hex
 * (0A is LISTEN) and the inode as the tenth field.
 */
export function parseListeningSockets(text: string): ListeningSocket[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A' && fields[9] !== undefined)
    .map((fields) => ({ port: parseInt(fields[1]?.split(':').pop() ?? '', 16), inode: fields[9] as string }))
    .filter((socket) => Number.isInteger(socket.port));
}

/** Inodes of the sockets among a process's open file descriptors; empty when it is gone. */
export function socketInodesOf(pid: number): string[] {
  let names: string[];
  try {
    names = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${name}`);
      return target.startsWith('socket:[') ? [target.slice(8, -1)] : [];
    } catch {
      return []; // closed meanwhile
    }
  });
}

/** The TCP ports each of these processes listens on (from its descriptors and the kernel's socket tables), by pid; a process that listens on none is left out. */
export function listeningPortsOf(pids: readonly number[], sockets: readonly ListeningSocket[] = readListeningSockets()): Map<number, number[]> {
  const portOfInode = new Map(sockets.map((socket) => [socket.inode, socket.port]));
  const ports = new Map<number, number[]>();
  for (const pid of pids) {
    const own = [...new Set(socketInodesOf(pid).flatMap((inode) => portOfInode.get(inode) ?? []))].sort((a, b) => a - b);
    if (own.length > 0) ports.set(pid, own);
  }
  return ports;
}

/** Those of these processes that hold a socket listening on `port`. */
export function listenersOn(port: number, pids: readonly number[]): number[] {
  const sockets = readListeningSockets().filter((socket) => socket.port === port);
  if (sockets.length === 0) return [];
  return [...listeningPortsOf(pids, sockets).keys()];
}

/** The TCP ports a process and its descendants listen on, sorted; undefined without /proc. */
export function listeningPortsOfTree(root: number): number[] | undefined {
  const table = readProcTable();
  if (!table) return undefined;
  const ports = [...listeningPortsOf(processTree(root, table)).values()].flat();
  return [...new Set(ports)].sort((a, b) => a - b);
}
