// loadlab's demo app: a plain node:http server with no cluster code of its own.
// It listens on process.env.PORT, as PM2 and every PaaS expect.
//   GET /        hello
//   GET /io      answers after ~20 ms, like a database call (the event loop stays free)
//   GET /cpu     ~2 ms of synchronous CPU work, the same in every process (the event loop is busy)
//   GET /cpu-pool the same work on a pool of worker threads, one per core (the event loop stays free)
//   GET /health  200 ok
//   GET /leak    keeps 64 KiB per request and never lets go (a cache without bound), for the memory-growth verdict
//   POST /login, GET /cart, POST /checkout  a shop with sessions in this process's memory (./shop.js)
import { availableParallelism } from 'node:os';
import { createServer } from 'node:http';
import { hashRounds } from './hash-rounds.js';
import { shop } from './shop.js';
import { URL } from 'node:url';

const port = Number(process.env.PORT ?? 3000);
const ioDelayMs = Number(process.env.DEMO_IO_MS ?? 20);
// The CPU work is a fixed number of SHA-256 rounds, the same in every process: 1,300 take about
// 2 ms on one core of the 2-core machines this was written on (DEMO_CPU_ROUNDS to change it).
// Not calibrated at start: workers that start together (cluster, PM2) calibrate while they
// compete for the cores, and one that measured itself slow would do less work per request,
// which makes one topology look faster than another for no reason of its own.
const cpuRounds = Number(process.env.DEMO_CPU_ROUNDS ?? 1300);
// One pool thread per core (DEMO_POOL_THREADS to change it), started at the first /cpu-pool
// request: the threads' memory would otherwise count against every other route's figures.
const poolThreads = Number(process.env.DEMO_POOL_THREADS ?? availableParallelism());
const leaked = [];
let pool;

function poolOf() {
  pool ??= import('piscina').then(
    ({ Piscina }) => new Piscina({ filename: new URL('./pool-task.js', import.meta.url).href, minThreads: poolThreads, maxThreads: poolThreads }),
  );
  return pool;
}

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = createServer((request, response) => {
  const path = (request.url ?? '/').split('?')[0];
  if (shop(request, response, path)) return;
  switch (path) {
    case '/':
      send(response, 200, 'hello from the loadlab demo app\n');
      break;
    case '/io':
      setTimeout(() => send(response, 200, 'io done\n'), ioDelayMs);
      break;
    case '/cpu':
      send(response, 200, `cpu done ${hashRounds(cpuRounds)}\n`);
      break;
    case '/cpu-pool':
      poolOf()
        .then((threads) => threads.run({ rounds: cpuRounds }))
        .then(
          (digest) => send(response, 200, `cpu done ${digest}\n`),
          (error) => send(response, 500, `pool failed: ${error.message}\n`),
        );
      break;
    case '/health':
      send(response, 200, 'ok\n');
      break;
    case '/leak':
      leaked.push(Buffer.alloc(64 * 1024, 1));
      send(response, 200, `kept ${leaked.length} × 64 KiB\n`);
      break;
    default:
      send(response, 404, 'not found\n');
  }
});

server.listen(port, () => {
  process.stdout.write(`demo app ${process.pid} listening on ${port}\n`);
});
