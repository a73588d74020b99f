'use strict';
// loadlab's cluster primary: forks LOADLAB_WORKERS workers that each run the unchanged app
// (LOADLAB_APP_ENTRY) and share the port it listens on (PORT). loadlab runs this script under
// the app's runtime (node, or bun, whose node:cluster forks Bun workers that share the port with
// SO_REUSEPORT); LOADLAB_WORKER_EXEC_ARGV adds what a worker needs first (tsx's loader).
// A worker that dies after it was listening is re-forked; one that dies before ever listening
// ends the primary the way it ended itself (its exit code, or its signal raised again), so a
// broken app fails the start with its own exit code instead of being re-forked forever.
// It reports worker pids to loadlab over IPC and ends when loadlab's channel closes.
//
// IPC, loadlab → primary: {type:'act', action: 'kill-worker' | 'reload' | 'restart'}
// primary → loadlab: {type:'workers', pids, listening}, {type:'worker-exit', pid, code, signal}, {type:'acted', action, ok, detail}

const cluster = require('node:cluster');
const fs = require('node:fs');

const entry = process.env.LOADLAB_APP_ENTRY;
const args = JSON.parse(process.env.LOADLAB_APP_ARGS || '[]');
const wanted = Number(process.env.LOADLAB_WORKERS || '1');
// must be set before the first fork
cluster.schedulingPolicy = process.env.LOADLAB_SCHEDULING === 'none' ? cluster.SCHED_NONE : cluster.SCHED_RR;
cluster.setupPrimary({
  exec: entry,
  args,
  execArgv: JSON.parse(process.env.LOADLAB_WORKER_EXEC_ARGV || '[]'),
});

// a retired worker gets this long to finish its requests after it stopped accepting new
// connections (PM2's default kill_timeout is 1.6 s): keep-alive connections would hold it forever
const retireGraceMs = 1600;
const actionTimeoutMs = 30_000;

const listening = new Set();
// workers taken out on purpose (reload, restart): not re-forked when they exit
const retiring = new Set();
let shuttingDown = false;
// how the first worker that never listened ended: the primary ends the same way
let failedWorker;

function report() {
  if (!process.connected) return;
  const pids = Object.values(cluster.workers)
    .filter(Boolean)
    .map((worker) => worker.process.pid);
  process.send({ type: 'workers', pids, listening: listening.size });
}

function fork() {
  const worker = cluster.fork();
  worker.on('listening', () => {
    listening.add(worker.id);
    report();
  });
  report();
  return worker;
}

// Every worker's exit, with the code or signal only this process sees: loadlab puts it on the
// trial's timeline. Registered first, so that loadlab hears of the exit before of its replacement.
cluster.on('exit', (worker, code, signal) => {
  if (process.connected) process.send({ type: 'worker-exit', pid: worker.process.pid, code, signal });
});

// Bun.serve listens without node:cluster, so Bun never says 'listening' for it: under Bun, a
// worker that holds a listening socket on PORT (found in /proc) is listening too.
const port = Number(process.env.PORT);
if (process.versions.bun) setInterval(findListeningWorkers, 100).unref();

function findListeningWorkers() {
  const waiting = Object.values(cluster.workers).filter((worker) => worker && !listening.has(worker.id));
  if (waiting.length === 0) return;
  const sockets = listeningSockets();
  for (const worker of waiting) {
    if (!holdsSocket(worker.process.pid, sockets)) continue;
    listening.add(worker.id);
    cluster.emit('listening', worker, { port });
    report();
  }
}

/** The inodes of the sockets listening on PORT, from /proc/net/tcp and tcp6 (state 0A is LISTEN). */
function listeningSockets() {
  const inodes = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && parseInt((fields[1] || '').split(':')[1], 16) === port) inodes.add(fields[9]);
    }
  }
  return inodes;
}

function holdsSocket(pid, inodes) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        const socket = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        return socket !== null && inodes.has(socket[1]);
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

cluster.on('exit', (worker, code, signal) => {
  const wasListening = listening.delete(worker.id);
  const retired = retiring.delete(worker.id);
  if (shuttingDown) {
    if (Object.keys(cluster.workers).length === 0) end();
    return;
  }
  report();
  if (retired) return;
  if (!wasListening) {
    failedWorker = { code, signal };
    shutDown();
    return;
  }
  process.stderr.write(`loadlab cluster: worker ${worker.process.pid} died (${signal || code}); forking a new one\n`);
  fork();
});

function shutDown() {
  if (shuttingDown) return;
  shuttingDown = true;
  const remaining = Object.values(cluster.workers).filter(Boolean);
  if (remaining.length === 0) end();
  for (const worker of remaining) worker.process.kill('SIGTERM');
}

function end() {
  if (failedWorker && failedWorker.signal) {
    // loadlab reads the primary's exit: the app's own signal, not one the primary made up
    process.removeAllListeners(failedWorker.signal);
    process.kill(process.pid, failedWorker.signal);
    return;
  }
  process.exit(failedWorker ? failedWorker.code : undefined);
}

function liveWorkers() {
  return Object.values(cluster.workers).filter((worker) => worker && listening.has(worker.id));
}

/** Resolves once `count` workers not in `old` are listening. */
function untilListening(count, old) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`the workers were not listening again within ${actionTimeoutMs / 1000} s`)), actionTimeoutMs);
    function check() {
      const fresh = liveWorkers().filter((worker) => !old.has(worker.process.pid));
      if (shuttingDown) done(new Error('the cluster is shutting down'));
      else if (fresh.length >= count) done(null, fresh);
    }
    function done(error, fresh) {
      clearTimeout(timer);
      cluster.off('listening', check);
      cluster.off('exit', check);
      if (error) reject(error);
      else resolve(fresh.map((worker) => worker.process.pid));
    }
    cluster.on('listening', check);
    cluster.on('exit', check);
    check();
  });
}

/** Takes a worker out: it stops accepting connections, then gets retireGraceMs before SIGTERM. */
function retire(worker, gracefully) {
  retiring.add(worker.id);
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    const timers = [];
    worker.once('exit', () => {
      timers.forEach(clearTimeout);
      resolve();
    });
    if (gracefully) {
      worker.disconnect();
      timers.push(setTimeout(() => worker.process.kill('SIGTERM'), retireGraceMs));
      timers.push(setTimeout(() => worker.process.kill('SIGKILL'), retireGraceMs + 3000));
    } else {
      worker.process.kill('SIGTERM');
      timers.push(setTimeout(() => worker.process.kill('SIGKILL'), 3000));
    }
  });
}

const actions = {
  async 'kill-worker'() {
    const [victim] = liveWorkers();
    if (!victim) throw new Error('no worker is listening');
    const pid = victim.process.pid;
    const old = new Set(liveWorkers().map((worker) => worker.process.pid));
    victim.process.kill('SIGKILL');
    const [replacement] = await untilListening(1, old);
    return `killed worker ${pid} (SIGKILL); the primary forked ${replacement} in its place`;
  },
  async reload() {
    const old = liveWorkers();
    const oldPids = new Set(old.map((worker) => worker.process.pid));
    const fresh = [];
    for (const worker of old) {
      if (shuttingDown) throw new Error('the cluster is shutting down');
      fork();
      fresh.push(...(await untilListening(fresh.length + 1, oldPids)).filter((pid) => !fresh.includes(pid)));
      await retire(worker, true);
    }
    return `replaced every worker one at a time (${[...oldPids].join(', ')} → ${fresh.join(', ')})`;
  },
  async restart() {
    const old = liveWorkers();
    const oldPids = new Set(old.map((worker) => worker.process.pid));
    await Promise.all(old.map((worker) => retire(worker, false)));
    if (shuttingDown) throw new Error('the cluster is shutting down');
    for (let i = 0; i < wanted; i += 1) fork();
    const fresh = await untilListening(wanted, oldPids);
    return `stopped all ${old.length} workers at once and forked new ones (${[...oldPids].join(', ')} → ${fresh.join(', ')})`;
  },
};

let busy = false;
async function act(action) {
  const send = (message) => process.connected && process.send({ type: 'acted', action, ...message });
  if (busy) return send({ ok: false, detail: 'another event is still running' });
  if (!actions[action]) return send({ ok: false, detail: `unknown action '${action}'` });
  busy = true;
  try {
    send({ ok: true, detail: await actions[action]() });
  } catch (error) {
    send({ ok: false, detail: error.message });
  } finally {
    busy = false;
  }
}

process.on('message', (message) => {
  if (message && message.type === 'act') void act(message.action);
});
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
process.on('disconnect', shutDown);

for (let i = 0; i < wanted; i += 1) fork();
