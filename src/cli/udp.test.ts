/** `rnet listen --udp`, `connect --udp` and `echo --udp` as child processes over loopback. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RnetProcess, runRnet } from '../test-support/rnet-process.js';

test('connect --udp sends each line as a datagram; listen --udp prints them; Ctrl-C ends it', async () => {
  const listener = new RnetProcess(['listen', '--udp', '--host', '127.0.0.1', '0']);
  let client: RnetProcess | undefined;
  try {
    const port = await listener.listeningPort();
    client = new RnetProcess(['connect', '--udp', '--wait', '0.2', '127.0.0.1', String(port)]);
    // An empty line is an empty datagram: it prints as an empty line.
    client.child.stdin.end('one\n\ntwo words\n');
    await listener.waitFor('stdout', /one\n\ntwo words\n/);
    const clientExit = await client.exited();
    assert.equal(clientExit.code, 0, clientExit.stderr);
    assert.equal(clientExit.stdout, '');
    const listenerExit = await listener.interrupt();
    assert.equal(listenerExit.stdout, 'one\n\ntwo words\n');
  } finally {
    listener.kill();
    client?.kill();
  }
});

test('echo --udp answers each datagram; connect --udp prints the replies; SIGINT summary', async () => {
  const server = new RnetProcess(['echo', '--udp', '--host', '127.0.0.1', '0']);
  try {
    const port = await server.listeningPort();
    const started = Date.now();
    const first = await runRnet(['connect', '--udp', '127.0.0.1', String(port)], 'a\nbb\n');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, 'a\nbb\n');
    // The default --wait is 1 second after the end of stdin.
    assert.ok(Date.now() - started >= 1000);
    const second = await runRnet(
      ['connect', '--udp', '--wait', '0.3', '127.0.0.1', String(port)],
      'ccc',
    );
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, 'ccc\n');
    await server.interrupt('datagrams 3, bytes 6');
  } finally {
    server.kill();
  }
});

test('UDP failures print one line and exit 1; a bad --wait is a usage error', async () => {
  const first = new RnetProcess(['listen', '--udp', '--host', '127.0.0.1', '0']);
  try {
    const port = await first.listeningPort();
    const inUse = await runRnet(['echo', '--udp', '--host', '127.0.0.1', String(port)]);
    assert.equal(inUse.code, 1);
    assert.match(inUse.stderr, /^udp-bind!: can't bind; .*errno=98\n$/);
  } finally {
    first.kill();
  }
  const badPort = await runRnet(['connect', '--udp', '127.0.0.1', 'http']);
  assert.equal(badPort.code, 1);
  assert.match(badPort.stderr, /^udp-connect!: contract violation; .*given: "http"/);
  assert.equal(badPort.stderr.split('\n').length, 2, badPort.stderr);
  const badWait = await runRnet(['connect', '--udp', '--wait', 'soon', '127.0.0.1', '9']);
  assert.equal(badWait.code, 2);
  assert.match(
    badWait.stderr,
    /^rnet connect: --wait: expected a number of seconds, given: soon\n/,
  );
});
