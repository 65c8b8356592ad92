/**
 * racket/unix-socket on real unix sockets in a temp dir, racket-net on both ends (and raw
 * node:net where a plain peer is needed): each binding, each error, the socket file's life,
 * breaks, kills and custodian shutdowns, the listener as an event.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { custodianShutdownAll, currentCustodian, makeCustodian } from '../custodian/custodian.js';
import { choiceEvt } from '../evt/combinators.js';
import { alarmEvt, currentInexactMilliseconds } from '../evt/time.js';
import { sync, syncTimeout } from '../evt/sync.js';
import { ExnBreak, ExnFail, ExnFailContract, ExnFailNetwork } from '../exn/exn.js';
import { formatValue } from '../exn/print.js';
import { parameterize } from '../parameter/parameter.js';
import {
  closeInputPort,
  closeOutputPort,
  fileStreamBufferMode,
  isPortClosed,
} from '../port/any-port.js';
import { isEofObject } from '../port/eof.js';
import { type InputPort } from '../port/input-port.js';
import { copyPort, portToBytes } from '../port/port-lib.js';
import { readBytes } from '../port/read.js';
import { readLine } from '../port/read-chars.js';
import { flushOutput, writeBytes, writeString } from '../port/write.js';
import { isTcpPort } from '../tcp/tcp-ports.js';
import { tcpAddresses } from '../tcp/addresses.js';
import { tcpAbandonPort } from '../tcp/abandon.js';
import { connectionOf } from '../tcp/tcp-ports.js';
import { breakThread, isThreadDead, killThread, thread } from '../thread/thread.js';
import { isPending, pause } from '../test-support/async.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { assertRejectsExn, assertThrowsExn } from '../test-support/exn-assert.js';
import { watched } from '../test-support/thread.js';
import { abstractName, useSocketDir } from '../test-support/unix.js';
import {
  isUnixSocketListener,
  isUnixSocketPath,
  type UnixSocketListener,
  unixSocketAccept,
  unixSocketAcceptEvt,
  unixSocketAvailable,
  unixSocketCloseListener,
  unixSocketConnect,
  unixSocketListen,
} from './index.js';

useTestCustodian(after);
const socketPath = useSocketDir(after);
const LINUX = process.platform === 'linux';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (u: Uint8Array | unknown): string =>
  isEofObject(u) ? '#<eof>' : new TextDecoder().decode(u as Uint8Array);

/** Waits (up to 5 s) until `listener` holds `n` unaccepted clients. */
async function waitPending(listener: UnixSocketListener, n = 1): Promise<void> {
  const deadline = Date.now() + 5000;
  while (listener.pendingCount < n) {
    if (Date.now() > deadline) throw new Error(`only ${listener.pendingCount} clients waiting`);
    await pause(5);
  }
}

const CLOSED = (who: string): string => `${who}: unix socket listener is closed`;

describe('unix-socket: paths', () => {
  it('is available here, and checks paths as Racket does', () => {
    assert.equal(unixSocketAvailable, process.platform !== 'win32');
    const dir = '/tmp/';
    assert.equal(isUnixSocketPath(dir + 'x'.repeat(108 - dir.length)), true); // exactly 108 bytes
    assert.equal(isUnixSocketPath(dir + 'x'.repeat(109 - dir.length)), false);
    assert.equal(isUnixSocketPath('/tmp/' + 'é'.repeat(52)), false); // 109 bytes in UTF-8
    assert.equal(isUnixSocketPath(''), false);
    assert.equal(isUnixSocketPath('a\0b'), false);
    assert.equal(isUnixSocketPath(5), false);
    assert.equal(isUnixSocketPath(enc('/tmp/x.sock')), false); // bytes are abstract names only
    assert.equal(isUnixSocketPath(new Uint8Array(0)), false);
    // Relative paths count with the current directory in front, as Racket's complete path.
    const room = 108 - process.cwd().length - 1;
    assert.equal(isUnixSocketPath('r'.repeat(room)), true);
    assert.equal(isUnixSocketPath('r'.repeat(room + 1)), false);
    assert.equal(isUnixSocketPath('a//b'), process.cwd().length + 4 <= 108);
    if (LINUX) {
      assert.equal(isUnixSocketPath(enc('\0name')), true);
      assert.equal(isUnixSocketPath(new Uint8Array(108)), true);
      assert.equal(isUnixSocketPath(new Uint8Array(109)), false);
      assert.equal(isUnixSocketPath(new Uint8Array([0, 0xff])), false); // not UTF-8: Node cannot
    }
  });

  it('bad paths and arguments: blame-style contract errors, before anything is done', async () => {
    const long = '/tmp/' + 'x'.repeat(200);
    const blame = (
      who: string,
      expected: string,
      given: string,
      nth: string,
      c: string,
      at: number,
    ) =>
      `${who}: contract violation\n  expected: ${expected}\n  given: ${given}\n  in: the ${nth} argument of\n      ${c}\n  contract from: \n      <pkgs>/unix-socket-lib/racket/unix-socket.rkt\n  blaming: top-level\n   (assuming the contract is correct)\n  at: <pkgs>/unix-socket-lib/racket/unix-socket.rkt:${at}:11`;
    const CONNECT = '(->\n       unix-socket-path?\n       (values input-port? output-port?))';
    const LISTEN =
      '(->*\n       (unix-socket-path?)\n       (natural?)\n       unix-socket-listener?)';
    const ACCEPT = '(->\n       unix-socket-listener?\n       (values input-port? output-port?))';
    await assertRejectsExn(
      unixSocketConnect(long),
      ExnFailContract,
      blame('unix-socket-connect', 'unix-socket-path?', formatValue(long), '1st', CONNECT, 16),
    );
    await assertRejectsExn(
      unixSocketConnect(5 as never),
      ExnFailContract,
      blame('unix-socket-connect', 'unix-socket-path?', '5', '1st', CONNECT, 16),
    );
    const fresh = socketPath();
    await assertRejectsExn(
      unixSocketListen(fresh, -1),
      ExnFailContract,
      blame('unix-socket-listen', 'natural?', '-1', '2nd', LISTEN, 18),
    );
    await assertRejectsExn(
      unixSocketListen(fresh, 1.5),
      ExnFailContract,
      blame('unix-socket-listen', 'natural?', '1.5', '2nd', LISTEN, 18),
    );
    assert.equal(existsSync(fresh), false);
    await assertRejectsExn(
      unixSocketListen(long),
      ExnFailContract,
      blame('unix-socket-listen', 'unix-socket-path?', formatValue(long), '1st', LISTEN, 18),
    );
    await assertRejectsExn(
      unixSocketAccept(5 as never),
      ExnFailContract,
      blame('unix-socket-accept', 'unix-socket-listener?', '5', '1st', ACCEPT, 23),
    );
    assertThrowsExn(
      () => unixSocketAcceptEvt(5 as never),
      ExnFailContract,
      blame(
        'unix-socket-accept-evt',
        'unix-socket-listener?',
        '5',
        '1st',
        '(-> unix-socket-listener? evt?)',
        25,
      ),
    );
    assertThrowsExn(
      () => unixSocketCloseListener(5 as never),
      ExnFailContract,
      blame(
        'unix-socket-close-listener',
        'unix-socket-listener?',
        '5',
        '1st',
        '(-> unix-socket-listener? any)',
        21,
      ),
    );
  });
});

describe('unix-socket: connections', () => {
  it('connect and accept: ports named unix-socket, block-buffered, not tcp ports', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    assert.ok(isUnixSocketListener(listener));
    assert.equal(formatValue(listener), '#<unix-socket-listener>');
    assert.ok(lstatSync(path).isSocket());
    const [ci, co] = await unixSocketConnect(path);
    const [si, so] = await unixSocketAccept(listener);
    for (const p of [ci, co, si, so]) {
      assert.equal(p.name, 'unix-socket');
      assert.equal(fileStreamBufferMode(p), 'block');
      assert.equal(isTcpPort(p), false);
      // TLS runs over the socket under the ports (STARTTLS): the connection gives it.
      assert.ok(connectionOf(p)?.socket instanceof net.Socket);
    }
    assert.equal(formatValue(ci), '#<input-port:unix-socket>');
    assertThrowsExn(
      () => tcpAddresses(ci),
      ExnFailContract,
      /expected: \(or\/c tcp-port\? tcp-listener\?\)/,
    );
    await assertRejectsExn(tcpAbandonPort(co), ExnFailContract, /expected: tcp-port\?/);
    // Block-buffered: nothing reaches the peer until the flush.
    await writeString('hello\n', co);
    assert.equal(await syncTimeout(0.1, si), false);
    await flushOutput(co);
    assert.equal(await readLine(si), 'hello');
    // Half-close: the client's EOF, then the server still replies.
    await closeOutputPort(co);
    assert.ok(isEofObject(await readBytes(1, si)));
    await writeString('reply', so);
    await closeOutputPort(so);
    assert.equal(dec(await portToBytes(ci)), 'reply');
    closeInputPort(ci);
    closeInputPort(si);
    unixSocketCloseListener(listener);
    unixSocketCloseListener(listener); // idempotent
  });

  it('a relative path is the file in the current directory', async () => {
    const path = socketPath();
    const cwd = process.cwd();
    process.chdir(path.slice(0, path.lastIndexOf('/')));
    let listener: UnixSocketListener;
    try {
      listener = await unixSocketListen(path.slice(path.lastIndexOf('/') + 1));
    } finally {
      process.chdir(cwd);
    }
    // Still the same file after the directory changed back.
    const [ci] = await unixSocketConnect(path);
    const [si] = await unixSocketAccept(listener);
    closeInputPort(ci);
    closeInputPort(si);
    unixSocketCloseListener(listener);
    assert.ok(lstatSync(path).isSocket());
  });

  it('copyPort of a large payload: bytes in are bytes out', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    const payload = randomBytes(8 * 1024 * 1024 + 123);
    const server = thread(async () => {
      const [si, so] = await unixSocketAccept(listener);
      await copyPort(si, so); // echo until EOF
      closeInputPort(si);
      await closeOutputPort(so);
    });
    const [ci, co] = await unixSocketConnect(path);
    const received = (async () => portToBytes(ci))();
    for (let i = 0; i < payload.length; i += 100_000) {
      await writeBytes(payload, co, i, Math.min(i + 100_000, payload.length));
    }
    await closeOutputPort(co);
    const back = await received;
    assert.equal(back.length, payload.length);
    assert.ok(Buffer.from(back).equals(payload));
    closeInputPort(ci);
    await pause(1);
    assert.ok(isThreadDead(server));
    unixSocketCloseListener(listener);
  });

  it('a raw node:net peer reads what racket-net writes, and the other way', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    const raw = net.connect({ path, allowHalfOpen: true });
    raw.on('error', () => {});
    let got = '';
    raw.on('data', (d) => (got += String(d)));
    const rawEnded = new Promise((r) => raw.on('end', r));
    const [si, so] = await unixSocketAccept(listener);
    raw.end('from node');
    assert.equal(dec(await portToBytes(si)), 'from node');
    await writeString('from racket-net', so);
    await closeOutputPort(so);
    await rawEnded;
    assert.equal(got, 'from racket-net');
    closeInputPort(si);
    raw.destroy();
    unixSocketCloseListener(listener);
  });

  it(
    'abstract names (Linux): racket-net to racket-net, no file',
    { skip: !LINUX && 'Linux only' },
    async () => {
      const name = abstractName();
      const listener = await unixSocketListen(name);
      const [ci, co] = await unixSocketConnect(name);
      const [si, so] = await unixSocketAccept(listener);
      await writeString('abstract', co);
      await closeOutputPort(co);
      assert.equal(dec(await portToBytes(si)), 'abstract');
      closeInputPort(si);
      closeInputPort(ci);
      await closeOutputPort(so);
      unixSocketCloseListener(listener);
      await assertRejectsExn(
        unixSocketConnect(name),
        ExnFail,
        `unix-socket-connect: failed to connect socket\n  path: ${formatValue(name)}\n  errno: 111\n  error: Connection refused`,
      );
    },
  );
});

describe('unix-socket: errors and the socket file', () => {
  it('no such file: errno 2; nobody listening: errno 111; a plain ExnFail', async () => {
    const missing = socketPath();
    await assertRejectsExn(
      unixSocketConnect(missing),
      ExnFail,
      `unix-socket-connect: failed to connect socket\n  path: "${missing}"\n  errno: 2\n  error: No such file or directory`,
    );
    const err = await unixSocketConnect(missing).catch((e: unknown) => e);
    assert.ok(!(err instanceof ExnFailNetwork) && !(err instanceof ExnFailContract));
    const regular = socketPath();
    writeFileSync(regular, 'x');
    await assertRejectsExn(
      unixSocketConnect(regular),
      ExnFail,
      `unix-socket-connect: failed to connect socket\n  path: "${regular}"\n  errno: 111\n  error: Connection refused`,
    );
    await assertRejectsExn(
      unixSocketListen(regular),
      ExnFail,
      `unix-socket-listen: failed to bind socket\n  path: "${regular}"\n  errno: 98\n  error: Address already in use`,
    );
    await assertRejectsExn(
      unixSocketListen('/no/such/dir/x.sock'),
      ExnFail,
      `unix-socket-listen: failed to bind socket\n  path: "/no/such/dir/x.sock"\n  errno: 2\n  error: No such file or directory`,
    );
  });

  it('the socket file is never removed: a stale one refuses connects and listens', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    await assertRejectsExn(
      unixSocketListen(path),
      ExnFail,
      `unix-socket-listen: failed to bind socket\n  path: "${path}"\n  errno: 98\n  error: Address already in use`,
    );
    // The failed listen left the live listener's file alone.
    const [ci] = await unixSocketConnect(path);
    closeInputPort(ci);
    unixSocketCloseListener(listener);
    assert.ok(lstatSync(path).isSocket(), 'the file stays after the close');
    await assertRejectsExn(
      unixSocketConnect(path),
      ExnFail,
      `unix-socket-connect: failed to connect socket\n  path: "${path}"\n  errno: 111\n  error: Connection refused`,
    );
    await assertRejectsExn(unixSocketListen(path), ExnFail, /errno: 98/);
    // A custodian shutdown keeps it too.
    const path2 = socketPath();
    const c = makeCustodian();
    await parameterize(currentCustodian, c, () => unixSocketListen(path2));
    custodianShutdownAll(c);
    assert.ok(lstatSync(path2).isSocket());
  });

  it('a closed listener: accepts raise, the listener as an event is ready with itself', async () => {
    const listener = await unixSocketListen(socketPath());
    assert.equal(await syncTimeout(0, listener), false);
    const blocked = unixSocketAccept(listener);
    assert.ok(await isPending(blocked));
    unixSocketCloseListener(listener);
    await assertRejectsExn(blocked, ExnFail, CLOSED('unix-socket-accept'));
    await assertRejectsExn(unixSocketAccept(listener), ExnFail, CLOSED('unix-socket-accept'));
    await assertRejectsExn(
      sync(unixSocketAcceptEvt(listener)),
      ExnFail,
      CLOSED('unix-socket-accept-evt'),
    );
    assert.equal(await syncTimeout(0, listener), listener);
  });

  it('a client past the backlog is closed at once; those queued are served', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path, 1);
    const first = net.connect({ path });
    first.on('error', () => {});
    await waitPending(listener, 1);
    const second = net.connect({ path });
    second.on('error', () => {});
    await new Promise((r) => second.on('close', r));
    assert.equal(listener.pendingCount, 1);
    const [si] = await unixSocketAccept(listener);
    closeInputPort(si);
    first.destroy();
    unixSocketCloseListener(listener);
  });
});

describe('unix-socket: events, breaks, kills, custodians', () => {
  it('the listener is an event ready with itself once a client waits; syncing accepts nothing', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    const ready = sync(listener);
    assert.ok(await isPending(ready));
    const [ci] = await unixSocketConnect(path);
    assert.equal(await ready, listener);
    assert.equal(listener.pendingCount, 1);
    const [si] = await unixSocketAccept(listener);
    closeInputPort(si);
    closeInputPort(ci);
    unixSocketCloseListener(listener);
  });

  it('an accept event not chosen accepts nothing; chosen, it gives [in, out]', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    const evt = unixSocketAcceptEvt(listener);
    assert.equal(formatValue(evt), '#<evt>');
    const alarm = alarmEvt(currentInexactMilliseconds() + 30);
    assert.equal(await sync(choiceEvt<unknown>(evt, alarm)), alarm);
    const [ci] = await unixSocketConnect(path);
    await waitPending(listener);
    // The alarm is ready too; whichever wins, a lost accept has taken nothing.
    for (let i = 0; i < 10 && listener.pendingCount === 1; i++) {
      const r: unknown = await sync(choiceEvt<unknown>(evt, alarmEvt(0)));
      if (Array.isArray(r)) {
        closeInputPort((r as [InputPort])[0]);
        break;
      }
      assert.equal(listener.pendingCount, 1);
    }
    closeInputPort(ci);
    const [ci2] = await unixSocketConnect(path);
    const ports = await sync(evt);
    assert.ok(Array.isArray(ports) && ports.length === 2 && ports[0].name === 'unix-socket');
    closeInputPort(ports[0]);
    closeInputPort(ci2);
    unixSocketCloseListener(listener);
  });

  it('a break during an accept raises ExnBreak and accepts nothing; a kill ends it silently', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    const broken = watched(() => unixSocketAccept(listener));
    await pause(10);
    breakThread(broken.thread);
    const outcome = await broken.outcome;
    assert.ok('error' in outcome && outcome.error instanceof ExnBreak);
    const killed = watched(() => unixSocketAccept(listener));
    await pause(10);
    killThread(killed.thread);
    await pause(5);
    assert.ok(isThreadDead(killed.thread));
    // Neither took the connection that comes now.
    const [ci] = await unixSocketConnect(path);
    await waitPending(listener);
    const [si] = await unixSocketAccept(listener);
    closeInputPort(si);
    closeInputPort(ci);
    unixSocketCloseListener(listener);
  });

  it('breaks and kills during a connect leave no connection behind', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path, 64);
    let broken = 0;
    for (let turns = 0; turns < 6; turns++) {
      const w = watched(() => unixSocketConnect(path));
      for (let i = 0; i < turns; i++) await Promise.resolve();
      if (turns % 2 === 0) breakThread(w.thread);
      else killThread(w.thread);
      await pause(10);
      assert.ok(isThreadDead(w.thread));
      if (turns % 2 === 0) {
        const o = await w.outcome;
        // Either the connect won the race (ports) or it was broken (and its socket destroyed).
        if ('error' in o) {
          assert.ok(o.error instanceof ExnBreak, String(o.error));
          broken++;
        } else closeInputPort((o.value as [never])[0]);
      }
    }
    assert.ok(broken >= 1, 'at least one connect was broken while it waited');
    // Every connection the listener got ends: killed and broken connects were destroyed.
    await pause(20);
    while (listener.pendingCount > 0) {
      const [si] = await unixSocketAccept(listener);
      const r = await syncTimeout(2, si);
      assert.equal(r, si);
      await readBytes(1, si).catch(() => {});
      closeInputPort(si);
    }
    unixSocketCloseListener(listener);
  });

  it('custodian shutdown closes the listener and its ports, wakes a blocked accept', async () => {
    const path = socketPath();
    const c = makeCustodian();
    const listener = await parameterize(currentCustodian, c, () => unixSocketListen(path));
    const [ci, co] = await unixSocketConnect(path);
    const [si, so] = await parameterize(currentCustodian, c, () => unixSocketAccept(listener));
    const blocked = unixSocketAccept(listener);
    assert.ok(await isPending(blocked));
    custodianShutdownAll(c);
    await assertRejectsExn(blocked, ExnFail, CLOSED('unix-socket-accept'));
    assert.ok(listener.isClosed && isPortClosed(si) && isPortClosed(so));
    assert.ok(isEofObject(await readBytes(1, ci)));
    closeInputPort(ci);
    await closeOutputPort(co);
    // Under the shut-down custodian nothing new can be made.
    await parameterize(currentCustodian, c, async () => {
      await assertRejectsExn(
        unixSocketConnect(path),
        ExnFail,
        'unix-socket-connect: the custodian has been shut down',
      );
      await assertRejectsExn(
        unixSocketListen(socketPath()),
        ExnFail,
        'unix-socket-listen: the custodian has been shut down',
      );
    });
  });

  it('accept-evt ports go to the custodian current when the evt was made', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    const c = makeCustodian();
    const evt = parameterize(currentCustodian, c, () => unixSocketAcceptEvt(listener));
    const [ci] = await unixSocketConnect(path);
    const [si, so] = await sync(evt);
    custodianShutdownAll(c);
    assert.ok(isPortClosed(si) && isPortClosed(so));
    assert.ok(isEofObject(await readBytes(1, ci)));
    closeInputPort(ci);
    // With that custodian shut down, accepting through the evt raises Racket's poll error.
    const [ci2] = await unixSocketConnect(path);
    await waitPending(listener);
    await assertRejectsExn(
      sync(evt),
      ExnFail,
      'unix-socket-accept-evt poll: the custodian has been shut down',
    );
    await assertRejectsExn(
      parameterize(currentCustodian, c, () => unixSocketAccept(listener)),
      ExnFail,
      'unix-socket-accept-evt poll: the custodian has been shut down',
    );
    assert.equal(listener.pendingCount, 1, 'the connection is still there for another accept');
    const [si2] = await unixSocketAccept(listener);
    closeInputPort(si2);
    closeInputPort(ci2);
    unixSocketCloseListener(listener);
  });

  it('a custodian shutdown during a connect ends it and leaves no connection', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path, 64);
    for (let turns = 0; turns < 4; turns++) {
      const c = makeCustodian();
      const w = parameterize(currentCustodian, c, () => watched(() => unixSocketConnect(path)));
      for (let i = 0; i < turns; i++) await Promise.resolve();
      custodianShutdownAll(c);
      await pause(10);
      assert.ok(isThreadDead(w.thread));
    }
    await pause(20);
    while (listener.pendingCount > 0) {
      const [si] = await unixSocketAccept(listener);
      assert.equal(await syncTimeout(2, si), si);
      assert.ok(isEofObject(await readBytes(1, si).catch(() => readBytes(1, si))));
      closeInputPort(si);
    }
    unixSocketCloseListener(listener);
  });
});
