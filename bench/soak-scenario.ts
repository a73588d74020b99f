import { defineScenario } from '../src/index.js';

// bench/soak.ts sets LOADLAB_SOAK_PHASE_MS (each workload's measured phase) and LOADLAB_SOAK_RATE.
export default defineScenario({
  name: 'soak',
  app: { entry: '../examples/demo-app/server.js', readiness: '/health' },
  topologies: [{ kind: 'single' }],
  workloads: {
    closed: { requests: [{ path: '/' }] },
    open: { requests: [{ path: '/' }], rate: Number(process.env.LOADLAB_SOAK_RATE ?? 1000) },
  },
  load: { connections: 10, duration: Number(process.env.LOADLAB_SOAK_PHASE_MS ?? 300_000), warmup: '0ms' },
});
