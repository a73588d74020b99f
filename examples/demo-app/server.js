// loadlab's demo app: a plain node:http server with no cluster code of its own.
// It listens on process.env.PORT, as PM2 and every PaaS expect.
//   GET /        hello
//   GET /io      answers after ~20 ms, like a database call (the event loop stays free)
//   GET /cpu     ~2 ms of synchronous CPU work (the event loop is busy)
//   GET /health  200 ok
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);
const ioDelayMs = Number(process.env.DEMO_IO_MS ?? 20);
const cpuWorkMs = Number(process.env.DEMO_CPU_MS ?? 2);

// The CPU work is a fixed number of hash rounds, calibrated once at start to take cpuWorkMs
// here: the same work for every request, whatever else the machine does later.
const cpuRounds = calibrateRounds(cpuWorkMs);

function hashRounds(rounds) {
  let digest = Buffer.from('loadlab');
  for (let i = 0; i < rounds; i += 1) digest = createHash('sha256').update(digest).digest();
  return digest.toString('hex').slice(0, 16);
}

function calibrateRounds(targetMs) {
  const sampleRounds = 20_000;
  hashRounds(sampleRounds); // warm the JIT
  const started = process.hrtime.bigint();
  hashRounds(sampleRounds);
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  return Math.max(1, Math.round((sampleRounds * targetMs) / elapsedMs));
}

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = createServer((request, response) => {
  const path = (request.url ?? '/').split('?')[0];
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
    case '/health':
      send(response, 200, 'ok\n');
      break;
    default:
      send(response, 404, 'not found\n');
  }
});

server.listen(port, () => {
  process.stdout.write(`demo app ${process.pid} listening on ${port}\n`);
});
