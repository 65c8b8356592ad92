/** The HTTP responder example over loopback: curl and racket-net clients, exact reply bytes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  closeInputPort,
  closeOutputPort,
  flushOutput,
  portToString,
  tcpConnect,
  writeString,
} from '../index.js';
import { skipWithout, spawnTool } from '../test-support/ssl.js';
import { startHttpResponder } from './http-responder.js';

const T = { timeout: 10_000 };

/** Sends `request` raw (then half-closes only if asked) and answers everything read until EOF. */
async function exchange(port: number, request: string, halfClose = false): Promise<string> {
  const [input, output] = await tcpConnect('127.0.0.1', port);
  await using out = output;
  await writeString(request, out);
  if (halfClose) await closeOutputPort(out);
  else await flushOutput(out);
  const reply = await portToString(input);
  closeInputPort(input);
  return reply;
}

/** The responder's 200 reply for `body` (its method and path line, then the request body). */
function ok(body: string, keepAlive = false): string {
  return (
    `HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    (keepAlive ? 'Connection: keep-alive\r\n' : '') +
    `\r\n${body}`
  );
}

function bad(body: string): string {
  return `HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
}

describe('HTTP responder example', () => {
  it('GET: the exact reply, then EOF (HTTP/1.0 closes)', T, async () => {
    await using server = await startHttpResponder();
    assert.equal(
      await exchange(server.port, 'GET /hello HTTP/1.0\r\nHost: x\r\n\r\n'),
      ok('GET /hello\n'),
    );
  });

  it(
    'POST: the body is Content-Length bytes; the bytes after it are the next request',
    T,
    async () => {
      await using server = await startHttpResponder();
      const request =
        'POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 11\r\n\r\nhello, λ!!' +
        'GET /next HTTP/1.0\r\n\r\n';
      assert.equal(
        await exchange(server.port, request),
        ok('POST /echo\nhello, λ!!', true) + ok('GET /next\n'),
      );
    },
  );

  it('a body cut short by EOF gets no reply', T, async () => {
    await using server = await startHttpResponder();
    const request = 'POST /x HTTP/1.0\r\nContent-Length: 10\r\n\r\nshort';
    assert.equal(await exchange(server.port, request, true), '');
  });

  it(
    'a malformed request is answered 400 with its line, then the connection closes',
    T,
    async () => {
      await using server = await startHttpResponder();
      assert.equal(
        await exchange(server.port, 'NONSENSE\r\n\r\nGET / HTTP/1.0\r\n\r\n'),
        bad('line 1: bad request line\n'),
      );
      // Lines count from the connection's first: the bad header is its fifth line.
      assert.equal(
        await exchange(
          server.port,
          'GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /b HTTP/1.0\r\nno colon here\r\n\r\n',
        ),
        ok('GET /a\n', true) + bad('line 5: bad header\n'),
      );
      assert.equal(
        await exchange(server.port, 'POST / HTTP/1.0\nContent-Length: -1\n\n'),
        bad('line 2: bad Content-Length\n'),
      );
    },
  );

  it('stop() closes the listener', T, async () => {
    const server = await startHttpResponder();
    server.stop();
    await assert.rejects(tcpConnect('127.0.0.1', server.port), { message: /^tcp-connect:/ });
  });

  describe('curl as the client', { skip: skipWithout('curl') }, () => {
    const curl = async (args: string[]): Promise<string> => {
      const run = spawnTool('curl', ['-sS', '-i', '--max-time', '5', ...args]);
      assert.equal(await run.exited, 0, run.output());
      return run.output();
    };

    it('GET (HTTP/1.1 and HTTP/1.0 requests)', T, async () => {
      await using server = await startHttpResponder();
      const url = `http://127.0.0.1:${server.port}/hello?x=1`;
      assert.equal(await curl([url]), ok('GET /hello?x=1\n'));
      assert.equal(await curl(['--http1.0', url]), ok('GET /hello?x=1\n'));
    });

    it('POST --data-binary: the body echoed exactly', T, async () => {
      await using server = await startHttpResponder();
      const body = 'a=1&b=2\r\nGET / HTTP/1.0\r\n\r\n';
      assert.equal(
        await curl(['--data-binary', body, `http://127.0.0.1:${server.port}/form`]),
        ok(`POST /form\n${body}`),
      );
    });
  });
});
