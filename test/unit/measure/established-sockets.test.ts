import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EstablishedSockets, maxTableAgeMs } from '../../../src/measure/probes/established-sockets.js';

/** A TCP table that can change between reads, and a clock the test moves. */
function machine(established: string[]) {
  const state = { established: new Set(established), now: 0 };
  const sockets = new EstablishedSockets(
    () => new Set(state.established),
    () => state.now,
  );
  return { state, sockets };
}

describe('established connections, the TCP table read only when it could change the count', () => {
  test('the first count reads the table; the same sockets again do not', () => {
    const { state, sockets } = machine(['1', '2', '3']);
    assert.deepEqual(
      sockets.count([
        ['1', '2'],
        ['3', '9'],
      ]),
      [2, 1],
    );
    state.now += 500;
    assert.deepEqual(
      sockets.count([
        ['1', '2'],
        ['3', '9'],
      ]),
      [2, 1],
    );
    assert.equal(sockets.tableReads, 1);
  });

  test('a socket not seen before (a new connection) reads the table again and is counted', () => {
    const { state, sockets } = machine(['1']);
    assert.deepEqual(sockets.count([['1']]), [1]);
    state.established.add('2');
    state.now += 500;
    assert.deepEqual(sockets.count([['1', '2']]), [2]);
    assert.equal(sockets.tableReads, 2);
  });

  test('a closed connection leaves the count with its descriptor, without a read', () => {
    const { state, sockets } = machine(['1', '2']);
    assert.deepEqual(sockets.count([['1', '2']]), [2]);
    state.now += 500;
    assert.deepEqual(sockets.count([['1']]), [1]);
    assert.equal(sockets.tableReads, 1);
  });

  test('a socket the table does not list (a Unix socket) is classified once, not read for on every sample', () => {
    const { state, sockets } = machine(['1']);
    assert.deepEqual(sockets.count([['1', 'unix']]), [1]);
    state.now += 500;
    assert.deepEqual(sockets.count([['1', 'unix']]), [1]);
    assert.equal(sockets.tableReads, 1);
  });

  test(`a reading older than ${maxTableAgeMs} ms is renewed: a state change of a known socket shows then`, () => {
    const { state, sockets } = machine(['1', '2']);
    assert.deepEqual(sockets.count([['1', '2']]), [2]);
    state.established.delete('2'); // the peer closed it; the server still holds the descriptor
    state.now += maxTableAgeMs;
    assert.deepEqual(sockets.count([['1', '2']]), [2], 'within the age, the last reading stands');
    state.now += 1;
    assert.deepEqual(sockets.count([['1', '2']]), [1]);
    assert.equal(sockets.tableReads, 2);
  });

  test('no sockets at all: nothing to read for', () => {
    const { state, sockets } = machine(['1']);
    assert.deepEqual(sockets.count([[], []]), [0, 0]);
    state.now += 10 * maxTableAgeMs;
    assert.deepEqual(sockets.count([[]]), [0]);
    assert.equal(sockets.tableReads, 0);
  });
});
