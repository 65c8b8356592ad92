/** `rnet connect/listen/echo --unix PATH` as child processes, with socat as the other peer. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import { RnetProcess, runRnet } from '../test-support/rnet-process.js';
import { skipWithoutSocat, useSocketDir } from '../test-support/unix.js';

const socketPath = useSocketDir(after);
const skip = skipWithoutSocat();
if (skip) console.log(`# ${skip}`);

test('echo --unix serves rnet and socat clients; SIGINT ends it and removes the file', async () => {
  const path = socketPath();
  const server = new RnetProcess(['echo', '--unix', path]);
  try {
    await server.waitFor('stderr', new RegExp(`listening on ${path}\\n`));
    const a = await runRnet(['connect', '--unix', path], 'one\ntwo\n');
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, 'one\ntwo\n');
    if (!skip) {
      const echoed = execFileSync('socat', ['-t', '5', '-', `UNIX-CONNECT:${path}`], {
        input: 'from socat\n',
        timeout: 8000,
      });
      assert.equal(String(echoed), 'from socat\n');
    }
    server.child.kill('SIGINT');
    const exit = await server.exited();
    assert.equal(exit.code, 0, exit.stderr);
    const bytes = skip ? 8 : 19;
    assert.equal(
      exit.stderr,
      `listening on ${path}\nconnections ${skip ? 1 : 2}, bytes ${bytes}\n`,
    );
    assert.equal(existsSync(path), false, 'the socket file is removed, as socat removes it');
  } finally {
    server.kill();
  }
});

test('listen --unix and connect --unix bridge stdin and stdout both ways, half-close', async () => {
  const path = socketPath();
  const server = new RnetProcess(['listen', '--unix', path]);
  try {
    await server.waitFor('stderr', /listening on /);
    const client = new RnetProcess(['connect', '--unix', path]);
    client.child.stdin.end('to the server\n');
    await server.waitFor('stdout', /to the server\n/);
    server.child.stdin.end('to the client\n');
    const [c, s] = await Promise.all([client.exited(), server.exited()]);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(s.code, 0, s.stderr);
    assert.equal(c.stdout, 'to the client\n');
    assert.equal(s.stdout, 'to the server\n');
    assert.equal(existsSync(path), false);
  } finally {
    server.kill();
  }
});

test('failures: one line and exit 1; --unix with --udp or a port is a usage error', async () => {
  const missing = socketPath();
  const refused = await runRnet(['connect', '--unix', missing]);
  assert.equal(refused.code, 1);
  assert.equal(
    refused.stderr,
    `unix-socket-connect: failed to connect socket; path: "${missing}"; errno: 2; error: No such file or directory\n`,
  );
  const udp = await runRnet(['echo', '--udp', '--unix', missing]);
  assert.equal(udp.code, 2);
  assert.match(udp.stderr, /^rnet echo: --unix cannot be combined with --udp\n/);
  const port = await runRnet(['listen', '--unix', missing, '7000']);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /^rnet listen: unexpected argument: 7000\n/);
});
