import { defineScenario } from '../src/index.js';

// "Each connection costs about 4–12 KB": 1,000, 2,000, 5,000 and 10,000 idle keep-alive
// connections held in turn against the demo app in one process, in the cluster module and
// behind nginx, each process's RSS and descriptors read at each count and fitted against its
// connections — the cost per connection, and how many the open-files limit allows per process.
export default defineScenario({
  name: 'memory-per-connection',
  description: 'What an idle keep-alive connection costs the demo app alone, in the cluster module and behind nginx.',
  app: { entry: '../examples/demo-app/server.js', readiness: '/health', startTimeout: '10s' },
  topologies: [{ kind: 'single' }, { kind: 'cluster', instances: 2 }, { name: 'nginx', kind: 'proxy', balancer: 'nginx', instances: 1 }],
  connectionCost: { counts: [1000, 2000, 5000, 10_000], hold: '1s' },
});
