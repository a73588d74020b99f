'use strict';
// loadlab's in-app probe agent, preloaded into every process of the app under test with
// NODE_OPTIONS=--require <this file> (Node) or BUN_OPTIONS=--preload <this file> (Bun). Only
// when LOADLAB_PROBE_DIR names a folder, it appends one JSON line per interval
// (LOADLAB_PROBE_INTERVAL_MS, default 500, at least 50) to <dir>/<pid>.jsonl:
//   {"t","pid","ppid","runtime","elP50Ms","elP99Ms","elMaxMs","requests","heapLimitBytes","heapUsedBytes"}
// `requests` is the cumulative count of requests this process's http/https servers received
// (null when it cannot be counted: no diagnostics_channel, or Bun, whose servers publish no
// http.server.request.start). One line is written at start, one on exit.
// The app must behave exactly as without it: nothing on stdout/stderr, no http patching, no
// signal handlers, a timer that never keeps the process alive, every error swallowed.

const dir = process.env.LOADLAB_PROBE_DIR;
const loaded = Symbol.for('loadlab.probe-agent');
// Worker threads run --require modules too, but share the pid: only the main thread reports.
if (dir && !globalThis[loaded] && require('node:worker_threads').isMainThread) {
  globalThis[loaded] = true;
  try {
    start(dir);
  } catch {
    // no probe rather than a disturbed app
  }
}

function start(folder) {
  const { openSync, writeSync, fstatSync, closeSync, constants } = require('node:fs');
  const { getHeapStatistics } = require('node:v8');
  const { monitorEventLoopDelay } = require('node:perf_hooks');
  const RESOLUTION_MS = 10;
  const LEAD_MS = 2 * RESOLUTION_MS; // a fresh histogram's first full sample ends after two ticks
  const intervalMs = Math.min(3_600_000, Math.max(50, Number(process.env.LOADLAB_PROBE_INTERVAL_MS) || 500));
  const { O_WRONLY, O_CREAT, O_APPEND, O_NOFOLLOW = 0 } = constants;
  const fd = openSync(`${folder}/${process.pid}.jsonl`, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, 0o600);

  const runtime = process.versions.bun ? 'bun' : 'node';
  let requests = null;
  // Bun has the channel but never publishes to it: null, never a made-up zero
  if (runtime === 'node') {
    try {
      // published by every http and https server for each request, keep-alive ones included
      require('node:diagnostics_channel').subscribe('http.server.request.start', () => {
        requests += 1;
      });
      requests = 0;
    } catch {
      // no diagnostics_channel.subscribe (Node < 18.7): requests stay null
    }
  }

  // reset() makes Node drop the delay in progress (the first tick after it only notes the time),
  // so a stall just around a reset would vanish. Two histograms take turns: the next one is reset
  // LEAD_MS before a line is due, and the current one is read only once the next holds a full
  // sample, so every stall lands in a line (one near the hand-over may land in two).
  const histograms = [monitorEventLoopDelay({ resolution: RESOLUTION_MS }), monitorEventLoopDelay({ resolution: RESOLUTION_MS })];
  for (const histogram of histograms) histogram.enable();
  let current = 0;
  let stopped = false;
  let timer;

  // Node records the whole timer period (about 10 ms on an idle loop), the delay is the excess;
  // Bun records the excess itself (about 0.1 ms on an idle loop).
  const periodUs = runtime === 'node' ? RESOLUTION_MS * 1e3 : 0;
  const delayMs = (ns) => Math.max(0, Math.round(ns / 1e3 - periodUs) / 1e3);
  function write(histogram) {
    // a file whose folder was removed still takes writes, silently: stop instead
    if (fstatSync(fd).nlink === 0) throw new Error('probe file removed');
    const sampled = histogram !== null && histogram.count > 0;
    const heap = getHeapStatistics();
    writeSync(
      fd,
      `${JSON.stringify({
        t: Date.now(),
        pid: process.pid,
        ppid: process.ppid,
        runtime,
        elP50Ms: sampled ? delayMs(histogram.percentile(50)) : 0,
        elP99Ms: sampled ? delayMs(histogram.percentile(99)) : 0,
        elMaxMs: sampled ? delayMs(histogram.max) : 0,
        requests,
        heapLimitBytes: heap.heap_size_limit,
        heapUsedBytes: heap.used_heap_size,
      })}\n`,
    );
  }
  function stop() {
    stopped = true;
    clearTimeout(timer);
    for (const histogram of histograms) histogram.disable();
    try {
      closeSync(fd);
    } catch {
      /* already gone */
    }
  }
  const guarded = (step) => () => {
    if (stopped) return;
    try {
      step();
    } catch {
      stop();
    }
  };
  function schedule(step, ms) {
    timer = setTimeout(step, ms);
    timer.unref();
  }
  const handOver = guarded(() => {
    histograms[1 - current].reset();
    schedule(flush, LEAD_MS);
  });
  const flush = guarded(() => {
    // a busy loop has not let the next histogram take a full sample yet: wait a tick more
    if (histograms[1 - current].count === 0) return schedule(flush, RESOLUTION_MS);
    write(histograms[current]);
    current = 1 - current;
    schedule(handOver, intervalMs - LEAD_MS);
  });

  guarded(() => {
    write(null);
    schedule(handOver, intervalMs - LEAD_MS);
    process.on(
      'exit',
      guarded(() => {
        write(histograms[current]);
        stop();
      }),
    );
  })();
}
