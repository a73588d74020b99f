/**
 * The floor under the whole loadlab process's cost at a fixed rate: a Node process that sends
 * GET / at `rate` requests a second through undici Clients (one per connection, pipelining 1, as
 * the open pacer does), paced by one timer set for the next intended start, and does nothing
 * else: no histograms, no probes, no reports. What it costs at 100 req/s is what waking Node and
 * undici that often costs on this machine; a load tool built on them cannot cost less.
 * Run as a child by bench/loadlab-process-cost.ts: it sends for warm-up + duration seconds, then
 * prints the epoch ms its measured phase began and the requests it sent in that phase, and exits
 * 300 ms later.
 *
 *   node --import tsx bench/undici-open-floor.ts <url> <rate> <warm-up s> <duration s> [connections]
 */
import { Client, type Dispatcher } from 'undici';

const [url = '', rateText = '', warmupText = '', durationText = '', connectionsText = '50'] = process.argv.slice(2);
const rate = Number(rateText);
const clients = Array.from({ length: Number(connectionsText) }, () => new Client(url, { pipelining: 1 }));
const free = [...clients];
const request: Dispatcher.DispatchOptions = { method: 'GET', path: '/', headers: {}, body: null };
const startedAt = performance.now();
const measuredAt = startedAt + Number(warmupText) * 1000;
const endAt = measuredAt + Number(durationText) * 1000;
let sent = 0;
let sentInPhase = 0;

function send(client: Client): void {
  sent += 1;
  if (performance.now() >= measuredAt) sentInPhase += 1;
  const done = () => {
    free.push(client);
    if (sent < dueNow()) queueMicrotask(tick);
  };
  client.dispatch(request, { onConnect: () => undefined, onHeaders: () => true, onData: () => true, onComplete: done, onError: done });
}

/** Requests whose intended start (sent × 1000 ÷ rate ms after the start) has passed. */
const dueNow = () => Math.floor(((performance.now() - startedAt) * rate) / 1000) + 1;

let timer: NodeJS.Timeout | undefined;
function tick(): void {
  if (performance.now() >= endAt) return;
  const due = dueNow();
  while (sent < due && free.length > 0) send(free.pop() as Client);
  clearTimeout(timer);
  // with every connection busy, the next answer sends (done above); else the next intended start
  if (free.length > 0) timer = setTimeout(tick, Math.max(1, startedAt + (sent * 1000) / rate - performance.now()));
}

tick();
setTimeout(() => {
  clearTimeout(timer);
  console.log(`${performance.timeOrigin + measuredAt}\n${sentInPhase}`);
  // idle a moment before exiting, so that whoever samples this process's CPU has a sample after the phase
  void Promise.all(clients.map((client) => client.destroy())).then(() => setTimeout(() => process.exit(0), 300));
}, endAt - startedAt);
