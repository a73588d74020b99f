'use strict';
// loadlab's PM2 controller: drives the pm2 package's programmatic API on loadlab's behalf,
// in a process of its own so that PM2_HOME (a private temporary folder, set by loadlab in this
// process's environment before pm2 is loaded) reaches pm2 and the daemon it spawns, and the
// user's own PM2 daemon and ~/.pm2 are never touched.
//
// IPC, loadlab → controller: {type:'start', app}, {type:'reload'}, {type:'restart'}, {type:'kill-worker'}, {type:'stop'}
// controller → loadlab: {type:'started'} | {type:'failed', message}, {type:'processes', daemon, workers:[{pid,status,restarts}]},
//                       {type:'done', what, detail} | {type:'failed', message, what}, and after 'stop' it exits.

const fs = require('node:fs');
const path = require('node:path');

const home = process.env.PM2_HOME;
if (!home || !process.send) {
  process.stderr.write('pm2-control: run by loadlab only (PM2_HOME and an IPC channel are required)\n');
  process.exit(2);
}
// pm2 prints a banner and phones home on its first use of a home folder that lacks this file
fs.writeFileSync(path.join(home, 'touch'), String(Date.now()));

const pm2 = require('pm2');
const appName = 'loadlab-app';
let lastReport = '';
let poller;
let stopping = false;
/** pm2.reload / pm2.restart calls under way. */
let operating = 0;

function send(message) {
  if (process.connected) process.send(message);
}

function daemonPid() {
  try {
    return Number(fs.readFileSync(path.join(home, 'pm2.pid'), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

function reportProcesses() {
  if (stopping) return;
  pm2.list((error, list) => {
    if (error) return;
    const workers = list
      .filter((entry) => entry.name === appName)
      .map((entry) => ({ pid: entry.pid, status: entry.pm2_env.status, restarts: entry.pm2_env.restart_time, exitCode: entry.pm2_env.exit_code }));
    const message = { type: 'processes', daemon: daemonPid(), workers };
    const text = JSON.stringify(message);
    if (text === lastReport) return;
    lastReport = text;
    send(message);
  });
}

function start(app) {
  // PM2's cluster workers take the daemon's environment when they start (the app's env is
  // applied later, too late for --require): the probe agent's NODE_OPTIONS goes to the daemon.
  Object.assign(process.env, app.daemonEnv);
  pm2.connect((error) => {
    if (error) return send({ type: 'failed', what: 'start', message: `the PM2 daemon did not start: ${error.message || error}` });
    pm2.start(
      {
        name: appName,
        script: app.script,
        args: app.args,
        cwd: app.cwd,
        interpreter: app.interpreter,
        node_args: app.nodeArgs,
        env: app.env,
        exec_mode: 'cluster',
        instances: app.instances,
        autorestart: true,
        output: path.join(home, 'app-out.log'),
        error: path.join(home, 'app-err.log'),
        merge_logs: true,
      },
      (startError) => {
        if (startError) return send({ type: 'failed', what: 'start', message: `PM2 refused it: ${startError.message || startError}` });
        send({ type: 'started' });
        reportProcesses();
        poller = setInterval(reportProcesses, 250);
      },
    );
  });
}

/** The pids of the app's online workers, from PM2's own list of this private home. */
function onlinePids(callback) {
  if (stopping) return callback(new Error('loadlab is stopping PM2'));
  pm2.list((error, list) => {
    if (error) return callback(error);
    callback(
      null,
      list.filter((entry) => entry.name === appName && entry.pid && entry.pm2_env.status === 'online').map((entry) => entry.pid),
    );
  });
}

const settleTimeoutMs = 30_000;

/** Calls back with the online pids once `count` of them are not in `old`. */
function untilReplaced(old, count, callback) {
  const deadline = Date.now() + settleTimeoutMs;
  const check = () =>
    onlinePids((error, pids) => {
      const fresh = error ? [] : pids.filter((pid) => !old.includes(pid));
      if (fresh.length >= count) return callback(null, fresh);
      if (stopping) return callback(new Error('loadlab stopped PM2 before it finished'));
      if (Date.now() > deadline) return callback(new Error(`PM2 did not list ${count} new online worker(s) within ${settleTimeoutMs / 1000} s`));
      setTimeout(check, 100);
    });
  check();
}

function operate(what) {
  const fail = (error) => send({ type: 'failed', what, message: `pm2 ${what} failed: ${error.message || error}` });
  onlinePids((listError, old) => {
    if (listError) return fail(listError);
    operating += 1;
    pm2[what](appName, (error) => {
      operating -= 1;
      reportProcesses();
      if (error) return fail(error);
      untilReplaced(old, old.length, (settleError, fresh) => {
        if (settleError) return fail(settleError);
        const how = what === 'reload' ? 'reloaded (one worker at a time)' : 'restarted (all workers at once)';
        send({ type: 'done', what, detail: `PM2 ${how}: every worker replaced (${old.join(', ')} → ${fresh.join(', ')})` });
      });
    });
  });
}

// The pid comes from PM2's list of this private home's app, so it is one of loadlab's own
// workers; PM2 sees it die and starts another.
function killWorker() {
  const what = 'kill-worker';
  const fail = (error) => send({ type: 'failed', what, message: `${what} failed: ${error.message || error}` });
  onlinePids((listError, old) => {
    if (listError) return fail(listError);
    const [victim] = old;
    if (victim === undefined) return fail(new Error('no PM2 worker is online'));
    try {
      process.kill(victim, 'SIGKILL');
    } catch (error) {
      return fail(error);
    }
    untilReplaced(old, 1, (settleError, fresh) => {
      reportProcesses();
      if (settleError) return fail(settleError);
      send({ type: 'done', what, detail: `killed worker ${victim} (SIGKILL); PM2 started ${fresh[0]} in its place` });
    });
  });
}

// The daemon is this process's child: exiting before Node has reaped it would leave a zombie
// whose new parent (PID 1 in a container) may never reap it. Wait until its /proc entry is
// gone, at most 5 s.
function waitForExit(pid, done) {
  const deadline = Date.now() + 5000;
  const check = () => {
    if (pid !== null && fs.existsSync(`/proc/${pid}`) && Date.now() < deadline) setTimeout(check, 50);
    else done();
  };
  check();
}

// pm2 calls made after pm2.disconnect() launch a new daemon, detached and unowned: once stopping,
// no new call starts, and a reload or restart under way is let finish first (8 s at most, so
// that this ends before loadlab's own stop timeout).
const operationGraceMs = 8000;

function whenIdle(done) {
  const deadline = Date.now() + operationGraceMs;
  const check = () => (operating > 0 && Date.now() < deadline ? setTimeout(check, 50) : done());
  check();
}

function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(poller);
  const daemon = daemonPid();
  const finish = () => pm2.disconnect(() => waitForExit(daemon, () => setTimeout(() => process.exit(0), 50)));
  whenIdle(() => pm2.delete(appName, () => pm2.killDaemon(finish)));
}

process.on('message', (message) => {
  if (message.type === 'start') start(message.app);
  else if (message.type === 'reload' || message.type === 'restart') operate(message.type);
  else if (message.type === 'kill-worker') killWorker();
  else if (message.type === 'stop') stop();
});
// loadlab went away: take PM2 down with it
process.on('disconnect', stop);
