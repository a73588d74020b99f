import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { alivePids } from './cli.js';

export interface TreeProcess {
  pid: number;
  ppid: number;
  cmdline: string;
}

function readProcess(pid: number): TreeProcess | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return alivePids([pid]).length > 0 ? { pid, ppid, cmdline } : undefined;
  } catch {
    return undefined;
  }
}

/** Live descendants of a process (children, their children, …), whatever their process group or session. */
export function descendantsOf(root: number): TreeProcess[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((entry): entry is TreeProcess => entry !== undefined);
  const found: TreeProcess[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.pop() as number;
    for (const entry of all) {
      if (entry.ppid !== parent || found.some((known) => known.pid === entry.pid)) continue;
      found.push(entry);
      queue.push(entry.pid);
    }
  }
  return found;
}

/** Socket inodes of a process's open descriptors. */
function socketInodes(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''].filter(Boolean);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** This machine's TCP sockets: their state (hex, as the kernel writes it), ports and inode. */
function tcpSockets(): { state: string; localPort: number; remotePort: number; inode: string }[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    const portOf = (address: string | undefined) => parseInt(address?.split(':')[1] ?? '0', 16);
    return text
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length > 9)
      .map((fields) => ({ state: fields[3] ?? '', localPort: portOf(fields[1]), remotePort: portOf(fields[2]), inode: fields[9] ?? '' }));
  });
}

/** TCP sockets in LISTEN state on this machine: port → socket inode. */
function listeningSockets(): { port: number; inode: string }[] {
  return tcpSockets()
    .filter((socket) => socket.state === '0A')
    .map((socket) => ({ port: socket.localPort, inode: socket.inode }));
}

/** Established TCP connections from this machine to `port` (the client ends). */
export function connectionsTo(port: number): number {
  return tcpSockets().filter((socket) => socket.state === '01' && socket.remotePort === port).length;
}

/**
 * Waits until a load holds `count` connections to `port`, then `settleMs` more: a signal sent
 * then finds requests measured. Not a fixed pause after "ready": the load begins after the
 * response sample, later on a busy machine (fixed pauses of 1.2 and 1.5 s both came before any
 * measured request in busy runs).
 */
export async function untilLoadConnected(port: number, count: number, settleMs = 300, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (connectionsTo(port) < count) {
    if (Date.now() > deadline) throw new Error(`the load's ${count} connections to ${port} never opened`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
}

/** TCP ports these processes listen on. */
export function listeningPortsOf(pids: readonly number[]): number[] {
  const inodes = new Set(pids.flatMap(socketInodes));
  return [
    ...new Set(
      listeningSockets()
        .filter((socket) => inodes.has(socket.inode))
        .map((socket) => socket.port),
    ),
  ];
}

/** Those of these TCP ports that something on this machine listens on. */
export function stillListening(ports: readonly number[]): number[] {
  const listening = new Set(listeningSockets().map((socket) => socket.port));
  return ports.filter((port) => listening.has(port));
}
