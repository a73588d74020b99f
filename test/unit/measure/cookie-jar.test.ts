import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CookieJar } from '../../../src/measure/flows/cookie-jar.js';

test('a cookie jar sends a cookie only under its Path, drops one that expires, keeps a Secure one on 127.0.0.1', () => {
  const jar = new CookieJar();
  jar.store(['sid=abc; Path=/; HttpOnly; Secure', 'step=2; Path=/cart', 'old=1; Path=/'], '/login');
  assert.equal(jar.header('/cart/7?x=1'), 'step=2; sid=abc; old=1');
  assert.equal(jar.header('/login'), 'sid=abc; old=1');
  jar.store('old=; Max-Age=0; Path=/', '/logout');
  assert.equal(jar.header('/'), 'sid=abc');
  jar.store('bad cookie line without a value', '/');
  assert.equal(jar.header('/'), 'sid=abc', 'a line the jar refuses is left out');
});

test('an empty jar sends no Cookie header', () => {
  assert.equal(new CookieJar().header('/'), undefined);
});
