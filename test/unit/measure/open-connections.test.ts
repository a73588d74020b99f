import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { Client } from 'undici';
import { findFreePort } from '../../../src/deploy/free-port.js';
import { OpenConnections } from '../../../src/measure/drivers/open/open-connections.js';

/** Sends one GET on each connection (undici connects a client when it has a request) and waits for every outcome. */
async function sendOnEach(clients: Client[]): Promise<PromiseSettledResult<unknown>[]> {
  return Promise.allSettled(clients.map(async (client) => (await client.request({ method: 'GET', path: '/' })).body.dump()));
}

function opened(connections: OpenConnections, count: number): Client[] {
  return Array.from({ length: count }, () => {
    const client = connections.acquire();
    assert.ok(client, 'a connection');
    return client;
  });
}

test('at most 8 connections being opened at once: the 9th request waits until they have connected', async () => {
  const server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const connections = new OpenConnections(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 100, 2000);
  try {
    const first = opened(connections, 8);
    assert.equal(connections.acquire(), undefined, 'a 9th while 8 are connecting');
    const outcomes = await sendOnEach(first);
    assert.ok(outcomes.every((outcome) => outcome.status === 'fulfilled'));
    // connected, and still not given back: the next request needs a new connection, and may have one
    assert.ok(connections.acquire());
    assert.equal(connections.opened, 9);
  } finally {
    await connections.destroy();
    server.close();
  }
});

test('a connection that could not connect no longer counts as being opened', async () => {
  const nothingListening = await findFreePort();
  const connections = new OpenConnections(`http://127.0.0.1:${nothingListening}`, 100, 2000);
  try {
    const first = opened(connections, 8);
    assert.equal(connections.acquire(), undefined);
    const outcomes = await sendOnEach(first);
    assert.ok(outcomes.every((outcome) => outcome.status === 'rejected'));
    assert.ok(connections.acquire());
  } finally {
    await connections.destroy();
  }
});

test('no more connections than maxConnections, even once every one has connected', async () => {
  const server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const connections = new OpenConnections(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 3, 2000);
  try {
    const outcomes = await sendOnEach(opened(connections, 3));
    assert.ok(outcomes.every((outcome) => outcome.status === 'fulfilled'));
    assert.equal(connections.acquire(), undefined);
    assert.equal(connections.opened, 3);
  } finally {
    await connections.destroy();
    server.close();
  }
});
