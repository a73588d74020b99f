import { defineScenario } from '../src/index.js';

// Users of data/users.csv log in, see their cart with the token and session cookie they got, and
// check out, on the demo app's shop, whose sessions live in each process's memory. Expect it to
// pass on one process, the cluster module and PM2 (a keep-alive connection stays on the worker
// that logged it in) and to fail behind nginx, which spreads one client's requests over its
// instances: the flow-state verdict names nginx and the request where the session went missing.
// The shop declines every 25th payment with a 200 and an error body: the checkout's check catches
// it, and errorTolerance lets those few through. nginx must be installed, else that topology is skipped.
export default defineScenario({
  name: 'checkout-flow',
  description: 'A login, a cart and a checkout with in-memory sessions: single, cluster, PM2, and nginx in front of 2 instances.',
  app: { entry: '../examples/demo-app/server.js', readiness: '/health', startTimeout: '15s' },
  topologies: [
    { kind: 'single' },
    { kind: 'cluster', instances: 2 },
    { kind: 'pm2', instances: 2 },
    { name: 'nginx', kind: 'proxy', balancer: 'nginx', instances: 2 },
  ],
  workloads: {
    checkout: {
      data: { file: 'data/users.csv', order: 'sequential' },
      cookies: true,
      requests: [
        {
          name: 'login',
          method: 'POST',
          path: '/login',
          headers: { 'content-type': 'application/json' },
          body: '{"user":"{{user}}","password":"{{password}}"}',
          capture: { token: { json: 'token' } },
          expect: { status: 200 },
        },
        { name: 'cart', path: '/cart', headers: { authorization: 'Bearer {{token}}' }, expect: { status: 200, body: /"items"/ } },
        {
          name: 'checkout',
          method: 'POST',
          path: '/checkout',
          headers: { authorization: 'Bearer {{token}}', 'content-type': 'application/json' },
          body: '{"pay":"card","request":"{{$uuid}}"}',
          expect: { status: 200, json: (body) => typeof (body as { order?: unknown }).order === 'string' },
        },
      ],
    },
  },
  load: { connections: 20, duration: '10s', warmup: '2s' },
  // the shop's declined payments (1 in 25 checkouts, a third of the requests): 1.3% of the answers
  errorTolerance: 0.05,
});
