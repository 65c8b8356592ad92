/**
 * racket-net's unix sockets against socat: socat listening (a path, an abstract name) with
 * racket-net connecting, and racket-net listening with socat connecting, half-close included.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { ExnFail } from '../exn/exn.js';
import { closeInputPort, closeOutputPort } from '../port/any-port.js';
import { portToString } from '../port/port-lib.js';
import { readLine } from '../port/read-chars.js';
import { flushOutput, writeString } from '../port/write.js';
import { pause } from '../test-support/async.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { assertRejectsExn } from '../test-support/exn-assert.js';
import {
  abstractName,
  abstractText,
  connectWhenUp,
  exactAbstractNames,
  skipWithoutSocat,
  useSocketDir,
} from '../test-support/unix.js';
import {
  unixSocketAccept,
  unixSocketCloseListener,
  unixSocketConnect,
  unixSocketListen,
} from './index.js';

useTestCustodian(after);
const socketPath = useSocketDir(after);
const skip = skipWithoutSocat();
if (skip) console.log(`# ${skip}`);
const LINUX = process.platform === 'linux';

const children: ChildProcess[] = [];
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Runs socat; resolves with its stdout when it exits (killed after 8 s at most). */
function socat(args: string[], input?: string): { done: Promise<string>; child: ChildProcess } {
  const child = spawn('socat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 || code === null || child.killed) resolve(out);
      else reject(new Error(`socat exited with ${code}: ${err}`));
    });
  });
  if (input !== undefined) child.stdin!.end(input);
  return { done, child };
}

describe('unix-socket with socat', { skip }, () => {
  it('socat UNIX-LISTEN echoing (EXEC:cat): racket-net connects, half-closes, reads the echo', async () => {
    const path = socketPath();
    const server = socat([`UNIX-LISTEN:${path}`, 'EXEC:cat']);
    const [ci, co] = await connectWhenUp(path);
    await writeString('hello over a path\n', co);
    await flushOutput(co);
    assert.equal(await readLine(ci), 'hello over a path');
    await writeString('and the rest', co);
    await closeOutputPort(co); // socat sees EOF, cat ends, socat closes: EOF here
    assert.equal(await portToString(ci), 'and the rest');
    closeInputPort(ci);
    await server.done;
    // socat removes its socket file when it ends (`unlink-close`), as its users expect.
    assert.equal(existsSync(path), false);
  });

  it('racket-net listens; socat UNIX-CONNECT sends, half-closes and reads the reply', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    const client = socat(['-t', '5', '-', `UNIX-CONNECT:${path}`], 'ping from socat\n');
    const [si, so] = await unixSocketAccept(listener);
    const request = await portToString(si); // to socat's EOF (its stdin ended)
    await writeString(`got ${request.length} bytes\n`, so);
    await closeOutputPort(so);
    closeInputPort(si);
    assert.equal(request, 'ping from socat\n');
    assert.equal(await client.done, 'got 16 bytes\n');
    unixSocketCloseListener(listener);
    assert.ok(existsSync(path), 'the socket file stays, as in Racket');
  });

  it('several socat clients at once, each served in order of arrival', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path, 8);
    const clients = [1, 2, 3].map((n) =>
      socat(['-t', '5', '-', `UNIX-CONNECT:${path}`], `client ${n}`),
    );
    for (let i = 0; i < clients.length; i++) {
      const [si, so] = await unixSocketAccept(listener);
      const text = await portToString(si);
      await writeString(text.toUpperCase(), so);
      await closeOutputPort(so);
      closeInputPort(si);
    }
    const replies = (await Promise.all(clients.map((c) => c.done))).sort();
    assert.deepEqual(replies, ['CLIENT 1', 'CLIENT 2', 'CLIENT 3']);
    unixSocketCloseListener(listener);
  });

  it(
    'abstract names: socat ABSTRACT-LISTEN and ABSTRACT-CONNECT (exact from libuv 1.48, Node 22)',
    { skip: !LINUX && 'abstract names are Linux only' },
    async () => {
      const name = abstractName();
      const text = abstractText(name);
      const server = socat([`ABSTRACT-LISTEN:${text}`, 'EXEC:cat']);
      await pause(200);
      if (exactAbstractNames()) {
        const [ci, co] = await connectWhenUp(name);
        await writeString('abstract echo', co);
        await closeOutputPort(co);
        assert.equal(await portToString(ci), 'abstract echo');
        closeInputPort(ci);
        await server.done;
        const ours = abstractName();
        const listener = await unixSocketListen(ours);
        const client = socat(
          ['-t', '5', '-', `ABSTRACT-CONNECT:${abstractText(ours)}`],
          'to racket-net',
        );
        const [si, so] = await unixSocketAccept(listener);
        assert.equal(await portToString(si), 'to racket-net');
        await closeOutputPort(so);
        closeInputPort(si);
        await client.done;
        unixSocketCloseListener(listener);
      } else {
        // Node 20 (libuv 1.46) pads the name with NULs to 108 bytes: socat's exact name is
        // another socket, so the connect is refused (nodejs/node#50889).
        await assertRejectsExn(unixSocketConnect(name), ExnFail, /errno: 111/);
        server.child.kill();
        const ours = abstractName();
        const listener = await unixSocketListen(ours);
        const shown = '@' + abstractText(ours);
        const table = readFileSync('/proc/net/unix', 'utf8');
        assert.ok(table.includes(shown + '@'.repeat(108 - ours.length) + '\n'), 'padded');
        unixSocketCloseListener(listener);
      }
    },
  );
});
