/** Expected failures: one Racket-style line on stderr, exit 1, no stack trace. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { runRnet, type RnetExit } from '../test-support/rnet-process.js';

function assertOneLineFailure(exit: RnetExit, pattern: RegExp): void {
  assert.equal(exit.code, 1, exit.stderr);
  assert.equal(exit.stdout, '');
  assert.match(exit.stderr, /^[^\n]+\n$/, 'exactly one line');
  assert.doesNotMatch(exit.stderr, /\bat .*\.js/, 'no stack trace');
  assert.match(exit.stderr, pattern);
}

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

test('connection refused', async () => {
  // A port that was free a moment ago: nothing listens there.
  const server = await listenOn(0);
  const port = (server.address() as { port: number }).port;
  await closeServer(server);
  assertOneLineFailure(
    await runRnet(['connect', '127.0.0.1', String(port)]),
    /^tcp-connect: connection failed; hostname: 127\.0\.0\.1; port number: \d+; system error: .*refused/i,
  );
});

test('unknown host', async () => {
  assertOneLineFailure(
    await runRnet(['connect', 'no-such-host.invalid', '80']),
    /^tcp-connect: host not found; hostname: no-such-host\.invalid; .*gai_err=/,
  );
});

test('port in use', async () => {
  const server = await listenOn(0);
  try {
    const port = (server.address() as { port: number }).port;
    for (const command of ['listen', 'echo']) {
      assertOneLineFailure(
        await runRnet([command, '--host', '127.0.0.1', String(port)]),
        /^tcp-listen: listen failed; .*Address already in use/,
      );
    }
  } finally {
    await closeServer(server);
  }
});

test('bad port numbers', async () => {
  assertOneLineFailure(
    await runRnet(['connect', '127.0.0.1', '70000']),
    /^tcp-connect: contract violation; expected: .*; given: 70000$/m,
  );
  assertOneLineFailure(
    await runRnet(['listen', 'abc']),
    /^tcp-listen: contract violation; expected: .*; given: "abc"$/m,
  );
  assertOneLineFailure(
    await runRnet(['connect', '127.0.0.1', '0']),
    /^tcp-connect: contract violation/,
  );
});

test('usage mistakes exit 2 and say what to try', async () => {
  for (const args of [['frobnicate'], ['connect', '127.0.0.1'], ['echo', '--bogus', '1']]) {
    const exit = await runRnet(args);
    assert.equal(exit.code, 2, exit.stderr);
    assert.match(exit.stderr, /^rnet.*\ntry: rnet .*--help\n$/);
  }
});

test('--help for rnet and each command', async () => {
  for (const args of [
    ['--help'],
    ['connect', '--help'],
    ['listen', '--help'],
    ['echo', '--help'],
    ['demo', '--help'],
  ]) {
    const exit = await runRnet(args);
    assert.equal(exit.code, 0, exit.stderr);
    assert.match(exit.stdout, /usage: rnet/);
  }
});
