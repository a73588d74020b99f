'use strict';
// loadlab's lifeline: insurance for the day loadlab dies without cleaning up (SIGKILL, the OOM
// killer, a CI runner's timeout). loadlab starts it before anything else it owns, detached in a
// session of its own (a Ctrl-C or a hang-up of loadlab's terminal does not reach it), and keeps
// the write end of its stdin. On it, one JSON line at a time, loadlab says what it holds:
//   {"hold":"group","id":PGID}   {"release":"group","id":PGID}
//   {"hold":"folder","path":P}   {"release":"folder","path":P}
// When stdin closes (loadlab exited, however it died), whatever is still held is cleaned up:
// every process of a held group and every descendant of one gets SIGTERM, what is left after
// 2 s gets SIGKILL, then the held folders are removed and
// the lifeline exits. Holding nothing, it exits at once, quietly. No dependencies: it runs as is.

const fs = require('node:fs');
const path = require('node:path');

const graceMs = 2000;
const killWaitMs = 3000;
const pollMs = 100;
const loadlabPid = process.ppid;

/** pgid → how many holds, and the start time of its leader when first held (undefined: unknown), to notice a pgid reused by a stranger. */
const groups = new Map();
const folders = new Set();

/** /proc/PID/stat: state, parent, group and start time (in clock ticks since boot); undefined without /proc or once gone. */
function readStat(pid) {
  let text;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // the command name may hold spaces and parentheses: fields are counted from the last ')'
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]), start: Number(fields[19]) };
}

const self = readStat(process.pid);

function readTable() {
  const table = new Map();
  let names;
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return table;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readStat(Number(name));
    if (entry && entry.state !== 'Z' && entry.state !== 'X') table.set(entry.pid, entry);
  }
  return table;
}

function onLine(line) {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }
  if (message.hold === 'group' && Number.isInteger(message.id) && message.id > 1 && message.id !== self?.pgrp) {
    const held = groups.get(message.id);
    const leader = readStat(message.id);
    if (held) held.holds += 1;
    else groups.set(message.id, { holds: 1, start: leader && leader.pgrp === message.id ? leader.start : undefined });
  } else if (message.release === 'group' && groups.has(message.id)) {
    const held = groups.get(message.id);
    held.holds -= 1;
    if (held.holds === 0) groups.delete(message.id);
  }
  // only loadlab's own temporary folders, by name: a garbled line must never remove anything else
  else if (message.hold === 'folder' && path.isAbsolute(message.path) && path.basename(message.path).startsWith('loadlab-')) folders.add(message.path);
  else if (message.release === 'folder') folders.delete(message.path);
}

/** Held groups whose leader, if alive, is still the process that was held (not a stranger that got its pid). */
function ownGroups(table) {
  return [...groups].filter(([pgid, { start }]) => {
    const leader = table.get(pgid);
    return !(leader && leader.pgrp === pgid && start !== undefined && leader.start !== start);
  });
}

/**
 * The live processes to stop: members of the held groups, the ones found before (unless their
 * pid now names another process), and every descendant of those, whatever its group (the PM2
 * daemon makes a session of its own under its controller). Never the lifeline itself, never a
 * process older than it: loadlab started nothing before it started the lifeline.
 */
function targets(table, known) {
  const pgids = new Set(ownGroups(table).map(([pgid]) => pgid));
  const found = new Set();
  const queue = [];
  for (const entry of table.values()) if (pgids.has(entry.pgrp)) queue.push(entry.pid);
  for (const [pid, start] of known) if (table.get(pid)?.start === start) queue.push(pid);
  const children = new Map();
  for (const entry of table.values()) children.set(entry.ppid, [...(children.get(entry.ppid) || []), entry.pid]);
  while (queue.length > 0) {
    const pid = queue.pop();
    if (found.has(pid)) continue;
    found.add(pid);
    queue.push(...(children.get(pid) || []));
  }
  return [...found].map((pid) => table.get(pid)).filter((entry) => entry && entry.pid !== process.pid && !(self && entry.start < self.start));
}

function signal(target, name) {
  try {
    process.kill(target, name);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function cleanUp() {
  const known = new Map();
  const killed = new Set();
  const began = Date.now();
  let groupsSignalled = '';
  for (;;) {
    const table = readTable();
    const kill = Date.now() - began >= graceMs;
    const name = kill ? 'SIGKILL' : 'SIGTERM';
    const alive = targets(table, known);
    for (const entry of alive) {
      if (known.has(entry.pid) && !kill) continue;
      known.set(entry.pid, entry.start);
      signal(entry.pid, name);
      if (kill) killed.add(entry.pid);
    }
    // the group too: without /proc (not Linux) it is all there is, and it catches a fork made just now
    if (groupsSignalled !== name) for (const [pgid] of ownGroups(table)) signal(-pgid, name);
    groupsSignalled = name;
    const noProc = table.size === 0;
    if ((alive.length === 0 && !noProc) || Date.now() - began >= graceMs + killWaitMs || (noProc && kill)) break;
    await sleep(pollMs);
  }
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  const what = [];
  if (known.size > 0) what.push(`stopped ${known.size} process${known.size === 1 ? '' : 'es'} (${[...known.keys()].join(', ')})`);
  if (killed.size > 0) what.push(`${killed.size} of them with SIGKILL after ${graceMs} ms`);
  if (folders.size > 0) what.push(`removed ${[...folders].join(', ')}`);
  if (what.length > 0) report(`loadlab (pid ${loadlabPid}) ended without cleaning up: ${what.join('; ')}`);
}

function report(text) {
  try {
    fs.writeSync(2, `loadlab lifeline: ${text}\n`);
  } catch {
    // nobody reads stderr any more
  }
}

let pending = '';
let ending = false;
function end() {
  if (ending) return;
  ending = true;
  if (pending !== '') onLine(pending);
  if (groups.size === 0 && folders.size === 0) process.exit(0);
  cleanUp().then(
    () => process.exit(0),
    (error) => {
      report(`cleaning up failed: ${error && error.message}`);
      process.exit(1);
    },
  );
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (pending + chunk).split('\n');
  pending = lines.pop();
  for (const line of lines) onLine(line);
});
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
