'use strict';
// loadlab's cluster primary: forks LOADLAB_WORKERS workers that each run the unchanged app
// (LOADLAB_APP_ENTRY) and share the port it listens on (PORT). A worker that dies after it
// was listening is re-forked; one that dies before ever listening ends the primary with its
// exit code, so a broken app fails the start instead of being re-forked forever.
// It reports worker pids to loadlab over IPC and ends when loadlab's channel closes.

const cluster = require('node:cluster');

const entry = process.env.LOADLAB_APP_ENTRY;
const args = JSON.parse(process.env.LOADLAB_APP_ARGS || '[]');
const wanted = Number(process.env.LOADLAB_WORKERS || '1');
// must be set before the first fork
cluster.schedulingPolicy = process.env.LOADLAB_SCHEDULING === 'none' ? cluster.SCHED_NONE : cluster.SCHED_RR;
cluster.setupPrimary({ exec: entry, args });

const listening = new Set();
let shuttingDown = false;

function report() {
  if (!process.connected) return;
  const pids = Object.values(cluster.workers).filter(Boolean).map((worker) => worker.process.pid);
  process.send({ type: 'workers', pids, listening: listening.size });
}

function fork() {
  const worker = cluster.fork();
  worker.on('listening', () => {
    listening.add(worker.id);
    report();
  });
  report();
}

cluster.on('exit', (worker, code, signal) => {
  const wasListening = listening.delete(worker.id);
  if (shuttingDown) {
    if (Object.keys(cluster.workers).length === 0) process.exit();
    return;
  }
  if (!wasListening) {
    process.exitCode = code || 1;
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
  if (remaining.length === 0) process.exit();
  for (const worker of remaining) worker.process.kill('SIGTERM');
}

process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
process.on('disconnect', shutDown);

for (let i = 0; i < wanted; i += 1) fork();
