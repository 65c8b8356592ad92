/** Each example, run as a user would: real clients over loopback, bounded in time. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  closeInputPort,
  closeOutputPort,
  flushOutput,
  portToString,
  readLine,
  tcpConnect,
  writeString,
} from '../index.js';
import { startChatServer } from './chat-server.js';
import { startEchoServer } from './echo-server.js';
import { startPortForward } from './port-forward.js';
import { startUdpService, udpRequest } from './udp-service.js';

test('echo server: two clients, each echoed, each half-close answered with EOF', async () => {
  const server = await startEchoServer();
  try {
    const replies = await Promise.all(
      ['first', 'second'].map(async (word) => {
        const [input, output] = await tcpConnect('127.0.0.1', server.port);
        await writeString(`${word}\n`, output);
        await closeOutputPort(output);
        const reply = await portToString(input);
        closeInputPort(input);
        return reply;
      }),
    );
    assert.deepEqual(replies, ['first\n', 'second\n']);
  } finally {
    server.stop();
  }
});

test('chat server: lines are broadcast to the other clients', async () => {
  const server = await startChatServer();
  try {
    const join = async (name: string) => {
      const [input, output] = await tcpConnect('127.0.0.1', server.port);
      await writeString(`${name}\n`, output);
      await flushOutput(output);
      return { input, output };
    };
    const alice = await join('alice');
    const bob = await join('bob');
    assert.equal(await readLine(alice.input), '* bob joined');
    await writeString('hi bob\n', alice.output);
    await flushOutput(alice.output);
    assert.equal(await readLine(bob.input), 'alice: hi bob');
    await writeString('hi alice\n', bob.output);
    await flushOutput(bob.output);
    assert.equal(await readLine(alice.input), 'bob: hi alice');
    // Bob leaves with a half-close; the server says goodbye with EOF and tells Alice.
    await closeOutputPort(bob.output);
    assert.equal(await portToString(bob.input), '');
    assert.equal(await readLine(alice.input), '* bob left');
    closeInputPort(bob.input);
    await closeOutputPort(alice.output);
    closeInputPort(alice.input);
  } finally {
    server.stop();
  }
});

test('port forward: bytes both ways, and a half-close passes through', async () => {
  const echo = await startEchoServer();
  const proxy = await startPortForward(0, '127.0.0.1', echo.port);
  try {
    const [input, output] = await tcpConnect('127.0.0.1', proxy.port);
    // Large enough to need several chunks and backpressure on the way.
    const message = 'racket-net\n'.repeat(50_000);
    const sending = (async () => {
      await writeString(message, output);
      // The proxy forwards this FIN to the echo server, which then closes its side: only
      // then does the reply end with EOF.
      await closeOutputPort(output);
    })();
    const reply = await portToString(input);
    await sending;
    closeInputPort(input);
    assert.equal(reply.length, message.length);
    assert.equal(reply, message);
  } finally {
    proxy.stop();
    echo.stop();
  }
});

test('UDP service: request and reply; a lost reply is retried; no reply at all fails', async () => {
  let requests = 0;
  // Drops every other request, as a lossy network might.
  const server = await startUdpService((request) =>
    ++requests % 2 === 0 ? null : request.toUpperCase(),
  );
  try {
    assert.equal(await udpRequest('127.0.0.1', server.port, 'hello'), 'HELLO');
    assert.equal(requests, 1);
    // The second request is dropped: the client times out and sends it again.
    assert.equal(await udpRequest('127.0.0.1', server.port, 'again', { timeout: 0.2 }), 'AGAIN');
    assert.equal(requests, 3);
  } finally {
    server.stop();
  }
  const silent = await startUdpService(() => null);
  try {
    const started = Date.now();
    await assert.rejects(
      udpRequest('127.0.0.1', silent.port, 'anyone?', { timeout: 0.1, tries: 3 }),
      {
        message: /^udp-request: no reply after 3 tries/,
      },
    );
    assert.ok(Date.now() - started >= 250);
  } finally {
    silent.stop();
  }
});
