import { defineScenario } from '../src/index.js';

// The four deployments people argue about, side by side on the demo app: one process, the
// cluster module, PM2 cluster mode, and nginx in front of N single instances. nginx must be
// installed (apt-get install nginx); without it the proxy topology is skipped and the rest runs.
export default defineScenario({
  name: 'all-topologies',
  description: 'single, cluster, PM2 cluster mode and nginx in front of N instances, on the demo app.',
  app: { entry: '../examples/demo-app/server.js', readiness: '/health', startTimeout: '15s' },
  topologies: [
    { kind: 'single' },
    { kind: 'cluster', instances: 'cores' },
    { kind: 'pm2', instances: 'cores' },
    { kind: 'proxy', balancer: 'nginx', instances: 'cores', workerProcesses: 1 },
  ],
  workloads: {
    cpu: { requests: [{ path: '/cpu' }] },
    io: { requests: [{ path: '/io' }] },
  },
  load: { connections: 50, duration: '10s', warmup: '2s' },
});
