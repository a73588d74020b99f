import { defineScenario } from '../src/index.js';

// Threads or processes? The demo app's CPU-bound route done on the event loop (/cpu) and the
// same work on a worker pool of one thread per core (/cpu-pool), each in one process and in the
// cluster module with one worker per core. The run's summary answers the claim in a sentence:
// the pool in one process against the inline process and against the cluster ('cpu-pool' is
// read as the pool version of 'cpu'), with the p99 and memory of each; the server table shows
// where each process's CPU went (main thread or the others).
export default defineScenario({
  name: 'threads-vs-processes',
  description: 'A CPU-bound route inline and on a worker pool, in one process and in the cluster module.',
  app: { entry: '../examples/demo-app/server.js', readiness: '/health', startTimeout: '10s' },
  topologies: [{ kind: 'single' }, { kind: 'cluster', instances: 'cores', schedulingPolicy: 'rr' }],
  workloads: {
    cpu: { requests: [{ path: '/cpu' }] },
    'cpu-pool': { requests: [{ path: '/cpu-pool' }] },
  },
  load: { connections: 50, duration: '10s', warmup: '2s' },
  slo: { p50: 100, p99: 150 },
});
