/**
 * `rnet --tls` as child processes over loopback: rnet's server against `openssl s_client` and
 * rnet's client, rnet's client against `openssl s_server`, and the failures a user meets (an
 * untrusted or wrong-name certificate, a missing key) as one line and exit 1.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { listenConnectHalfClose, RnetProcess, runRnet } from '../test-support/rnet-process.js';
import {
  opensslClient,
  opensslServer,
  S_CLIENT_VERIFY,
  skipWithout,
  waitForOutput,
} from '../test-support/ssl.js';
import { tlsFixture } from '../test-support/tls.js';

const serverArgs = (cert: Parameters<typeof tlsFixture>[0] = 'server'): string[] => [
  '--tls',
  '--cert',
  tlsFixture(cert),
  '--key',
  tlsFixture(cert, 'key'),
];
const trusting = ['--tls', '--cafile', tlsFixture('ca')];

test(
  'echo --tls serves openssl s_client, which verifies it against the CA',
  {
    skip: skipWithout('openssl'),
    timeout: 10_000,
  },
  async () => {
    const server = new RnetProcess(['echo', ...serverArgs(), '--host', '127.0.0.1', '0']);
    try {
      const port = await server.listeningPort();
      const client = opensslClient(port, [...S_CLIENT_VERIFY, '-brief']);
      try {
        await waitForOutput(client, /Verification: OK/);
        client.child.stdin!.write('over tls\n');
        await waitForOutput(client, /over tls\n/);
      } finally {
        client.stop();
      }
      await client.exited;
      await server.interrupt('connections 1, bytes 9');
    } finally {
      server.kill();
    }
  },
);

test(
  'connect --tls --cafile to echo --tls: the echo, a half-close, and ALPN both sides chose',
  {
    timeout: 10_000,
  },
  async () => {
    const server = new RnetProcess([
      'echo',
      ...serverArgs(),
      '--alpn',
      'h2,http/1.1',
      '--host',
      '127.0.0.1',
      '0',
    ]);
    try {
      const port = await server.listeningPort();
      const plain = await runRnet(
        ['connect', ...trusting, 'localhost', String(port)],
        'one\ntwo\n',
      );
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal(plain.stdout, 'one\ntwo\n');
      // The client's first choice the server also speaks; the IP address is checked too.
      const alpn = await runRnet(
        ['connect', ...trusting, '--alpn', 'spdy/1,http/1.1', '127.0.0.1', String(port)],
        'x\n',
      );
      assert.equal(alpn.code, 0, alpn.stderr);
      assert.equal(alpn.stdout, 'x\n');
      assert.equal(alpn.stderr, 'alpn: http/1.1\n');
      await server.interrupt('connections 2, bytes 10');
    } finally {
      server.kill();
    }
  },
);

test(
  'connect --tls to openssl s_server -rev with -alpn',
  {
    skip: skipWithout('openssl'),
    timeout: 10_000,
  },
  async () => {
    const [server, port] = await opensslServer(['-rev', '-alpn', 'h2']);
    try {
      const exit = await runRnet(
        ['connect', ...trusting, '--alpn', 'h2', 'localhost', String(port)],
        'hello\n',
      );
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal(exit.stdout, 'olleh\n');
      assert.equal(exit.stderr, 'alpn: h2\n');
    } finally {
      server.stop();
    }
  },
);

test(
  'listen --tls and connect --tls: both directions, with a half-close each way',
  {
    timeout: 10_000,
  },
  async () => {
    await listenConnectHalfClose([...serverArgs(), '--host', '127.0.0.1', '0'], (port) => [
      ...trusting,
      'localhost',
      String(port),
    ]);
  },
);

test(
  'bad certificates fail the connect with one line and exit 1; the server keeps serving',
  {
    timeout: 10_000,
  },
  async () => {
    const server = new RnetProcess(['echo', ...serverArgs(), '--host', '127.0.0.1', '0']);
    const wrongName = new RnetProcess([
      'echo',
      ...serverArgs('wrong-name'),
      '--host',
      '127.0.0.1',
      '0',
    ]);
    try {
      const port = String(await server.listeningPort());
      const wrongPort = String(await wrongName.listeningPort());
      // Verifying by default: the private CA is not among the system's.
      const untrusted = await runRnet(['connect', '--tls', 'localhost', port], 'x\n');
      assert.equal(untrusted.code, 1);
      assert.equal(
        untrusted.stderr,
        'ssl-connect: connect failed (error:0A000086:SSL routines::certificate verify failed)\n',
      );
      const badName = await runRnet(['connect', ...trusting, 'localhost', wrongPort], 'x\n');
      assert.equal(badName.code, 1);
      // The host name is checked inside OpenSSL's verification, as Racket's 'secure does it.
      assert.equal(badName.stderr, untrusted.stderr);
      // --insecure is Racket's 'auto: nothing checked.
      const insecure = await runRnet(
        ['connect', '--tls', '--insecure', 'localhost', wrongPort],
        'y\n',
      );
      assert.equal(insecure.code, 0, insecure.stderr);
      assert.equal(insecure.stdout, 'y\n');
      // A plaintext client fails its handshake on the server: one line, and it goes on serving.
      const plain = await runRnet(['connect', '127.0.0.1', port], 'GET / HTTP/1.0\r\n\r\n');
      assert.equal(plain.stdout, '');
      await server.waitFor(
        'stderr',
        /\nssl-accept: accept failed \(error:0A00009C:SSL routines::http request\)\n/,
      );
      const good = await runRnet(['connect', ...trusting, 'localhost', port], 'z\n');
      assert.equal(good.code, 0, good.stderr);
      assert.equal(good.stdout, 'z\n');
    } finally {
      server.kill();
      wrongName.kill();
    }
  },
);

test(
  'usage and file errors: exit 2 for a missing option, 1 for a key that does not load',
  {
    timeout: 10_000,
  },
  async () => {
    const noKey = await runRnet(['listen', '--tls', '--cert', tlsFixture('server'), '0']);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /^rnet listen: --tls needs --cert PATH and --key PATH\n/);
    const noTls = await runRnet(['connect', '--cafile', tlsFixture('ca'), 'localhost', '1']);
    assert.equal(noTls.code, 2);
    assert.match(noTls.stderr, /^rnet connect: --cafile needs --tls\n/);
    const missing = await runRnet([
      'echo',
      '--tls',
      '--cert',
      tlsFixture('server'),
      '--key',
      '/nonexistent/key.pem',
      '0',
    ]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^ssl-load-private-key!: .*\n$/);
    assert.doesNotMatch(missing.stderr, /\n {4}at /);
  },
);

test(
  '--tls over --unix: echo and connect on a unix socket, checked as localhost',
  {
    timeout: 10_000,
  },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnet-tls-'));
    const path = join(dir, 'echo.sock');
    const server = new RnetProcess(['echo', ...serverArgs(), '--unix', path]);
    try {
      await server.waitFor('stderr', /listening on /);
      const exit = await runRnet(['connect', ...trusting, '--unix', path], 'over a unix socket\n');
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal(exit.stdout, 'over a unix socket\n');
    } finally {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
