// The demo app's shop, for scenarios/checkout-flow.ts: a login, a cart and a checkout whose
// sessions live in this process's memory only, as many apps keep them at first. Behind the
// cluster module a keep-alive connection stays on the worker that logged it in, so this works;
// behind a balancer that spreads one client's requests over instances, the instance that gets
// the cart often never saw the login (the stateless rule of horizontal scaling).
//   POST /login     {"user","password"} → 200 {"token"} and a session cookie (sid); 400 without both
//   GET  /cart      needs the token (Authorization: Bearer) and its session cookie, else 401
//   POST /checkout  the same; 200 {"order"}, or now and then 200 {"error":"payment declined"}
import { randomUUID } from 'node:crypto';

// Every DEMO_DECLINE_EVERY-th checkout of a process answers 200 with an error body (a payment
// provider that declines), so that only a check on the body tells it from a success.
const declineEvery = Number(process.env.DEMO_DECLINE_EVERY ?? 25);
// A load test logs in thousands of times a second: forget the oldest sessions beyond this many.
const maxSessions = 100_000;
/** token → { user, sid } */
const sessions = new Map();
let checkouts = 0;

function json(response, status, value, headers = {}) {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

function readJson(request) {
  return new Promise((resolve) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(text || '{}'));
      } catch {
        resolve({});
      }
    });
  });
}

/** The session of a request that carries both its token and its cookie; undefined otherwise. */
function sessionOf(request) {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  const session = token === undefined ? undefined : sessions.get(token);
  return session && session.sid === sid ? session : undefined;
}

async function login(request, response) {
  const { user, password } = await readJson(request);
  if (typeof user !== 'string' || user === '' || typeof password !== 'string' || password === '') {
    return json(response, 400, { error: 'user and password, please' });
  }
  if (sessions.size >= maxSessions) sessions.delete(sessions.keys().next().value);
  const token = randomUUID();
  const sid = randomUUID();
  sessions.set(token, { user, sid });
  json(response, 200, { token, user }, { 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` });
}

function cart(request, response) {
  const session = sessionOf(request);
  if (!session) return json(response, 401, { error: 'log in first' });
  json(response, 200, { user: session.user, items: [{ sku: 'mug-1', quantity: 1 }] });
}

async function checkout(request, response) {
  await readJson(request);
  const session = sessionOf(request);
  if (!session) return json(response, 401, { error: 'log in first' });
  checkouts += 1;
  if (checkouts % declineEvery === 0) return json(response, 200, { error: 'payment declined' });
  json(response, 200, { order: randomUUID(), user: session.user });
}

/** Answers a shop route and says so; false for any other path. */
export function shop(request, response, path) {
  const route = `${request.method} ${path}`;
  if (route === 'POST /login') login(request, response);
  else if (route === 'GET /cart') cart(request, response);
  else if (route === 'POST /checkout') checkout(request, response);
  else return false;
  return true;
}
