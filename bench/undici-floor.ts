/**
 * The floor under the open model's cost: undici Clients (the open pacer's sender, one per
 * connection, pipelining 1) in a closed loop with a handler that only counts: no timetable, no
 * timers, no histograms. Each connection sends its next request when the last one ends, so the
 * rate is as high as the server allows and each wake-up of the event loop carries as many
 * requests as it can: no pacer built on undici can cost less per request than this.
 */
import { Client, type Dispatcher } from 'undici';

export async function undiciClosedLoop(url: string, connections: number, durationMs: number, signal: AbortSignal): Promise<number> {
  const clients = Array.from({ length: connections }, () => new Client(url, { pipelining: 1 }));
  const request: Dispatcher.DispatchOptions = { method: 'GET', path: '/', headers: {}, body: null };
  let answered = 0;
  let stopping = false;
  const stop = () => (stopping = true);
  const timer = setTimeout(stop, durationMs);
  signal.addEventListener('abort', stop, { once: true });
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((ended) => {
          const next = (): void => {
            if (stopping) return ended();
            client.dispatch(request, {
              onConnect: () => undefined,
              onHeaders: () => true,
              onData: () => true,
              onComplete: () => {
                answered += 1;
                next();
              },
              onError: next,
            });
          };
          next();
        }),
    ),
  );
  clearTimeout(timer);
  signal.removeEventListener('abort', stop);
  await Promise.all(clients.map((client) => client.close()));
  return answered;
}
