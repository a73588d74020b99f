import { defineScenario } from '../src/index.js';

// Where do more processes help? The same topologies on three routes of the demo app: a trivial
// one, one that waits on I/O (~20 ms, the event loop free), and one that burns ~2 ms of CPU per
// request. Expect the cluster to help on cpu while cores are free, and little on io and hello.
export default defineScenario({
  name: 'io-vs-cpu',
  description: 'A trivial, an I/O-bound and a CPU-bound route, in one process and in the cluster module.',
  app: { entry: '../examples/demo-app/server.js', readiness: '/health' },
  topologies: [{ kind: 'single' }, { kind: 'cluster', instances: 'cores' }],
  workloads: {
    hello: { requests: [{ path: '/' }] },
    io: { requests: [{ path: '/io' }], connections: 200 },
    cpu: { requests: [{ path: '/cpu' }] },
  },
  load: { connections: 50, duration: '10s', warmup: '2s' },
});
