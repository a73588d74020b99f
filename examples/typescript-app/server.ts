// A TypeScript app as a new Node service starts out: `tsx server.ts`, no build step. Node 20
// cannot run it as it is (the types must go), so loadlab runs it under its own tsx loader.
//   GET /        hello, with the runtime that answered
//   GET /health  200 ok
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

interface Route {
  status: number;
  body: () => string;
}

const routes: Record<string, Route> = {
  '/': { status: 200, body: () => `hello from TypeScript on ${process.versions.bun ? 'bun' : 'node'} (pid ${process.pid})\n` },
  '/health': { status: 200, body: () => 'ok\n' },
};

function answer(request: IncomingMessage, response: ServerResponse): void {
  const route: Route | undefined = routes[new URL(request.url ?? '/', 'http://app').pathname];
  const status = route?.status ?? 404;
  const body = route ? route.body() : 'not found\n';
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const port: number = Number(process.env.PORT ?? 3000);
createServer(answer).listen(port, () => console.log(`listening on ${port}`));
