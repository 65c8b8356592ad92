/** `rnet listen` and `rnet connect` as child processes over real loopback TCP. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listenConnectHalfClose, RnetProcess } from '../test-support/rnet-process.js';

test('listen and connect: both directions, with a half-close each way', async () => {
  const listenerExit = await listenConnectHalfClose(['--host', '127.0.0.1', '0'], (port) => [
    '127.0.0.1',
    String(port),
  ]);
  assert.match(listenerExit.stderr, /^listening on 127\.0\.0\.1:\d+\n$/);
});

test('connect prints what the peer sends after the connect side has half-closed', async () => {
  const listener = new RnetProcess(['listen', '--host', '127.0.0.1', '0']);
  let client: RnetProcess | undefined;
  try {
    const port = await listener.listeningPort();
    client = new RnetProcess(['connect', '127.0.0.1', String(port)]);
    client.child.stdin.end();
    // Several chunks, well after the client's FIN.
    const big = 'x'.repeat(200_000) + '\n';
    listener.child.stdin.write('first\n');
    await client.waitFor('stdout', /first\n/);
    listener.child.stdin.end(big);
    const clientExit = await client.exited();
    assert.equal(clientExit.code, 0, clientExit.stderr);
    assert.equal(clientExit.stdout, 'first\n' + big);
    assert.equal((await listener.exited()).code, 0);
  } finally {
    listener.kill();
    client?.kill();
  }
});

test('listen --keep serves one connection after another', async () => {
  const listener = new RnetProcess(['listen', '--keep', '--host', '127.0.0.1', '0']);
  try {
    const port = await listener.listeningPort();
    for (const word of ['one', 'two']) {
      const client = new RnetProcess(['connect', '127.0.0.1', String(port)]);
      client.child.stdin.end(`${word}\n`);
      await listener.waitFor('stdout', new RegExp(`${word}\\n`));
      const exit = await client.exited();
      // --keep ends each session at the peer's EOF; the client sees EOF in turn.
      assert.equal(exit.code, 0, exit.stderr);
    }
    assert.equal(listener.stdout, 'one\ntwo\n');
    // Ctrl-C in the middle of a session ends it all: the client sees the connection close.
    const client = new RnetProcess(['connect', '127.0.0.1', String(port)]);
    client.child.stdin.write('three\n');
    await listener.waitFor('stdout', /three\n/);
    await listener.interrupt();
    client.child.stdin.end();
    const clientExit = await client.exited();
    assert.equal(clientExit.code, 0, clientExit.stderr);
  } finally {
    listener.kill();
  }
});
