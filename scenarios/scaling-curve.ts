import { defineScenario } from '../src/index.js';

// Does adding instances keep helping? The cluster module at 1, 2, 3 and 4 workers on the demo
// app's CPU-bound route, and the Universal Scalability Law fitted to the throughputs: contention
// (σ), coherency (κ) and the count where adding instances stops helping (N*). On a machine with
// fewer cores than the largest count, the report says which counts measured the machine instead.
export default defineScenario({
  name: 'scaling-curve',
  description: 'The demo app on the cluster module at 1, 2, 3 and 4 workers, CPU-bound: where does adding workers stop helping?',
  app: { entry: '../examples/demo-app/server.js', readiness: '/health', startTimeout: '10s' },
  topologies: [{ kind: 'cluster', instances: [1, 2, 3, 4], schedulingPolicy: 'rr' }],
  workloads: { cpu: { requests: [{ path: '/cpu' }] } },
  load: { connections: 50, duration: '5s', warmup: '1s' },
});
