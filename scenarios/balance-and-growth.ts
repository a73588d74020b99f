import { defineScenario } from '../src/index.js';

// Two verdicts that test what is often said. "The OS scheduler spreads connections unevenly":
// eight cluster workers that accept on a shared socket (schedulingPolicy 'none') against the
// primary's round robin, 64 keep-alive connections — the balance verdict names the shares.
// "Memory approaching its limit is a reason to scale": the demo app's /leak keeps 64 KiB per
// request — the memory-growth verdict gives the rate long before any limit is near.
export default defineScenario({
  name: 'balance-and-growth',
  description: 'Eight cluster workers, OS-balanced against round robin, on a plain route and on one that leaks 64 KiB a request.',
  app: { entry: '../examples/demo-app/server.js', readiness: '/health', startTimeout: '20s' },
  topologies: [
    { name: 'os', kind: 'cluster', instances: 8, schedulingPolicy: 'none' },
    { name: 'rr', kind: 'cluster', instances: 8, schedulingPolicy: 'rr' },
  ],
  workloads: {
    hello: { requests: [{ path: '/' }], connections: 64 },
    leak: { requests: [{ path: '/leak' }], connections: 16 },
  },
  load: { duration: '5s', warmup: '1s' },
});
