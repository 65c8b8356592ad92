/** `rnet demo` (what `npm start` runs) completes on loopback and exits 0. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runRnet } from '../test-support/rnet-process.js';

test('demo prints its transcript and exits 0', async () => {
  const exit = await runRnet(['demo'], '', 20_000);
  assert.equal(exit.code, 0, exit.stderr);
  assert.equal(exit.stderr, '');
  assert.match(exit.stdout, /TCP echo with a half-close/);
  assert.match(exit.stdout, /client {2}reads "hello\\nracket-net\\n", then EOF/);
  assert.match(exit.stdout, /2\. UDP round trip/);
  assert.match(exit.stdout, /client {2}sends "hello" from 127\.0\.0\.1:\d+/);
  assert.match(exit.stdout, /client {2}receives "hello" from 127\.0\.0\.1:\d+/);
  assert.match(exit.stdout, /3\. one sync over an accept, a read, a datagram and a timeout/);
  assert.match(exit.stdout, /nothing is ready yet: +timeout/);
  assert.match(exit.stdout, /a client connects: +accept/);
  assert.match(exit.stdout, /a line arrives: +read +-> "ping"/);
  assert.match(exit.stdout, /a datagram arrives: +datagram -> "pong" from 127\.0\.0\.1:\d+/);
  assert.match(exit.stdout, /\ndone\.\n$/);
});
