import { defineScenario } from '../src/index.js';

// "Slow clients can overwhelm a server": 1,000 Slowloris connections beside the demo app's
// normal users, each sending its headers 4 bytes a second and never finishing them. The app
// alone (Node's own timeouts: headersTimeout 60 s) against nginx and HAProxy in front of it
// (client_header_timeout 60 s, timeout client 60 s): who holds the slow connections, does any of
// them close them, and what do the normal users get meanwhile, against the same load without
// the attack (run just before, on the same deployment)?
export default defineScenario({
  name: 'slowloris',
  description: 'The demo app under 1,000 Slowloris connections: alone, behind nginx and behind HAProxy.',
  app: { entry: '../examples/demo-app/server.js', readiness: '/health', startTimeout: '10s' },
  topologies: [
    { kind: 'single' },
    { name: 'nginx', kind: 'proxy', balancer: 'nginx', instances: 1 },
    { name: 'haproxy', kind: 'proxy', balancer: 'haproxy', instances: 1 },
  ],
  workloads: {
    io: { requests: [{ path: '/io' }], connections: 20, attack: { kind: 'slowloris', connections: 1000, interval: '1s' } },
  },
  load: { duration: '10s', warmup: '2s' },
});
