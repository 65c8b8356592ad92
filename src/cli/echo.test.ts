/** `rnet echo` as a child process: concurrent clients, then Ctrl-C. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RnetProcess } from '../test-support/rnet-process.js';

test('echo serves two clients at once; SIGINT shuts it down with a summary and exit 0', async () => {
  const server = new RnetProcess(['echo', '--host', '127.0.0.1', '0']);
  const clients: RnetProcess[] = [];
  try {
    const port = await server.listeningPort();
    const connect = (): RnetProcess => {
      const client = new RnetProcess(['connect', '127.0.0.1', String(port)]);
      clients.push(client);
      return client;
    };
    // A stays connected while B comes and goes: each connection has its own thread.
    const a = connect();
    a.child.stdin.write('a1\n');
    await a.waitFor('stdout', /a1\n/);
    const b = connect();
    b.child.stdin.end('b\n');
    const bExit = await b.exited();
    assert.equal(bExit.stdout, 'b\n');
    assert.equal(bExit.code, 0, bExit.stderr);
    a.child.stdin.end('a2\n');
    const aExit = await a.exited();
    assert.equal(aExit.stdout, 'a1\na2\n');
    assert.equal(aExit.code, 0, aExit.stderr);

    // A third client is still connected at Ctrl-C: the shutdown closes it too.
    const c = connect();
    c.child.stdin.write('c\n');
    await c.waitFor('stdout', /c\n/);
    await server.interrupt('connections 3, bytes 10');
    // The client sees the connection end (EOF or reset) once its stdin ends.
    c.child.stdin.end();
    const cExit = await c.exited();
    assert.ok(cExit.code === 0 || cExit.code === 1, cExit.stderr);
  } finally {
    server.kill();
    for (const client of clients) client.kill();
  }
});
