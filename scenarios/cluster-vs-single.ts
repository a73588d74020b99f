import { defineScenario } from '../src/index.js';

// One process against the cluster module with one worker per core, on a CPU-bound and an
// I/O-bound endpoint of the demo app. Expect the cluster to help on cpu (while cores are
// free) and to make little difference on io, where one event loop is rarely the limit.
export default defineScenario({
  name: 'cluster-vs-single',
  description: 'The demo app in one process and in the cluster module (one worker per core), CPU-bound and I/O-bound.',
  app: {
    entry: '../examples/demo-app/server.js',
    readiness: '/health',
    startTimeout: '10s',
  },
  topologies: [{ kind: 'single' }, { kind: 'cluster', instances: 'cores', schedulingPolicy: 'rr' }],
  workloads: {
    cpu: { requests: [{ path: '/cpu' }] },
    io: { requests: [{ path: '/io' }] },
  },
  load: { connections: 50, duration: '10s', warmup: '2s' },
  slo: { p50: 100, p99: 150 },
});
