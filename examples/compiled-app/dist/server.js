// A compiled app as a build leaves it in dist/: it serves static files from 'public', a path
// relative to the working directory, as `npm start` runs it from the project root. Run from
// dist/ it would answer 404 to every file.
//   GET /            public/index.html
//   GET /<file>      public/<file>
//   GET /health      200 ok
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

async function answer(request, response) {
  const path = new URL(request.url ?? '/', 'http://app').pathname;
  if (path === '/health') return send(response, 200, 'ok\n', 'text/plain');
  const file = normalize(path === '/' ? '/index.html' : path);
  try {
    const body = await readFile(join('public', file));
    send(response, 200, body, types[extname(file)] ?? 'application/octet-stream');
  } catch {
    send(response, 404, 'not found\n', 'text/plain');
  }
}

function send(response, status, body, type) {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

createServer((request, response) => void answer(request, response)).listen(Number(process.env.PORT ?? 3000));
