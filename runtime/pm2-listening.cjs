'use strict';
// Preloaded by loadlab into its private PM2 daemon (NODE_OPTIONS=--require, BUN_OPTIONS=--preload),
// which is the cluster primary of the app's workers. PM2 calls a cluster worker 'online' when it
// is forked (pm2/lib/God.js, unless wait_ready), which can be a second before a worker under tsx
// listens; a worker that is not listening when the load connects gets none of its keep-alive
// connections. The cluster primary emits 'listening' for a worker once that worker's server
// listens, the moment from which the primary hands it connections: for each one this writes an
// empty file <LOADLAB_PM2_LISTEN_DIR>/<worker pid>-<port>, which loadlab waits for before a trial.
//
// Why not PM2's own wait_ready: it needs every worker to process.send('ready') (a preload in each
// worker that would have to detect the listen itself), it makes PM2's reload wait for that message
// instead of 'listening', and when listen_timeout passes PM2 calls the worker online anyway.
//
// Only the process given LOADLAB_PM2_LISTEN_DIR acts, and it drops the variable: the workers it
// forks inherit NODE_OPTIONS, load this file and do nothing. Nothing is printed; errors are swallowed.

const dir = process.env.LOADLAB_PM2_LISTEN_DIR;
if (dir) {
  delete process.env.LOADLAB_PM2_LISTEN_DIR;
  try {
    const cluster = require('node:cluster');
    if (cluster.isPrimary) {
      const { writeFileSync } = require('node:fs');
      cluster.on('listening', (worker, address) => {
        try {
          const pid = worker.process && worker.process.pid;
          const port = address && address.port;
          if (pid && port) writeFileSync(`${dir}/${pid}-${port}`, '');
        } catch {
          // loadlab waits in vain and says how many workers listened, rather than a disturbed daemon
        }
      });
    }
  } catch {
    // no node:cluster here: loadlab times out naming how many workers listened
  }
}
