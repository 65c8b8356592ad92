/**
 * Fault scenarios, each run in its own process by `faults.test.ts` (`node child-faults.js NAME`),
 * so that a crash, an unhandled rejection or an unhandled `'error'` event would show as a
 * non-zero exit or on stderr. Each scenario injects one fault into one connection while a
 * bystander connection echoes before and after, asserts what the next operations raise, and
 * prints `RESULT {…}` with what it observed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import {
  closeInputPort,
  closeOutputPort,
  custodianManagedList,
  custodianShutdownAll,
  currentCustodian,
  eof,
  ExnFail,
  ExnFailNetwork,
  ExnFailNetworkErrno,
  flushOutput,
  type InputPort,
  isPortClosed,
  isThreadDead,
  makeCustodian,
  type OutputPort,
  parameterize,
  readBytes,
  readBytesAvail,
  sleep,
  tcpAccept,
  tcpAddresses,
  tcpClose,
  tcpConnect,
  tcpListen,
  thread,
  threadWait,
  udpOpenSocket,
  udpSendTo,
  writeBytes,
} from '../index.js';
import {
  networkHandles,
  patternBytes,
  printResult,
  sameBytes,
  settleHandles,
  totalHandles,
} from './support.js';

type Observed = Record<string, unknown>;

/** A racket-net echo connection that must keep working whatever happens to the others. */
async function bystander(): Promise<{ check: (tag: number) => Promise<void>; close: () => void }> {
  const listener = await tcpListen(0, 4, false, '127.0.0.1');
  const port = tcpAddresses(listener, true)[1];
  const [ci, co] = await tcpConnect('127.0.0.1', port);
  const [si, so] = await tcpAccept(listener);
  const echo = thread(async () => {
    const buf = new Uint8Array(4096);
    for (;;) {
      const n = await readBytesAvail(buf, si);
      if (n === eof) break;
      await writeBytes(buf, so, 0, n as number);
      await flushOutput(so);
    }
    closeInputPort(si);
    await closeOutputPort(so);
  });
  return {
    async check(tag: number) {
      const data = patternBytes(tag, 3000);
      await writeBytes(data, co);
      await flushOutput(co);
      const back = await readBytes(data.length, ci);
      assert.ok(
        back !== eof && sameBytes(back as Uint8Array, data),
        'the bystander connection was disturbed',
      );
    },
    close() {
      closeInputPort(ci);
      void closeOutputPort(co);
      void threadWait(echo);
      tcpClose(listener);
    },
  };
}

function rawServer(onConnection: (s: Socket) => void): Promise<[Server, number]> {
  return new Promise((resolve) => {
    const server = createServer({ allowHalfOpen: true }, onConnection);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve([server, typeof address === 'object' && address ? address.port : 0]);
    });
  });
}

/** Reads until EOF or an exception; returns the bytes and the exception (if any). */
async function readAll(input: InputPort): Promise<[number, unknown]> {
  let total = 0;
  const buf = new Uint8Array(65536);
  for (;;) {
    try {
      const n = await readBytesAvail(buf, input);
      if (n === eof) return [total, null];
      total += n as number;
    } catch (error) {
      return [total, error];
    }
  }
}

/** Writes `chunk` and flushes until that raises (at most `limit` times); returns the exception. */
async function writeUntilError(out: OutputPort, limit = 200): Promise<unknown> {
  const chunk = patternBytes(7, 16384);
  for (let i = 0; i < limit; i++) {
    try {
      await writeBytes(chunk, out);
      await flushOutput(out);
    } catch (error) {
      return error;
    }
    await sleep(0.005);
  }
  return null;
}

function describe(error: unknown): Observed {
  return {
    class: error instanceof Error ? error.constructor.name : String(error),
    message: error instanceof Error ? error.message.split('\n')[0] : String(error),
    errno: error instanceof ExnFailNetworkErrno ? error.errno : null,
  };
}

const scenarios: Record<string, () => Promise<Observed>> = {
  /** A raw peer sends 512 KiB and calls `resetAndDestroy()` before it has all gone out. */
  async 'reset-mid-transfer'() {
    const by = await bystander();
    await by.check(1);
    // The peer waits for our "go" so the reset comes mid-transfer, not during the handshake.
    const [server, port] = await rawServer((socket) => {
      socket.once('data', () => {
        socket.write(patternBytes(2, 512 * 1024), () => socket.resetAndDestroy());
      });
    });
    const [input, output] = await tcpConnect('127.0.0.1', port);
    await writeBytes(new TextEncoder().encode('go'), output);
    await flushOutput(output);
    const [bytes, readError] = await readAll(input);
    // libuv reports a reset that arrives right after a partial read as EOF (it takes the
    // hang-up for an end without reading the error), so the read ends in either way.
    if (readError !== null) {
      assert.ok(readError instanceof ExnFailNetworkErrno, `read: ${String(readError)}`);
      assert.deepEqual(readError.errno, [104, 'posix']);
      assert.match(readError.message, /^error reading from stream port/);
    }
    assert.equal(await readBytes(10, input), eof, 'after the reset, reads see EOF');
    const writeError = await writeUntilError(output, 5);
    assert.ok(writeError instanceof ExnFailNetwork, `write: ${String(writeError)}`);
    await by.check(3);
    closeInputPort(input);
    await closeOutputPort(output).catch(() => {});
    server.close();
    by.close();
    return {
      bytesSent: 512 * 1024,
      bytesBeforeReset: bytes,
      readEndedWith: readError === null ? 'eof' : describe(readError),
      write: describe(writeError),
    };
  },

  /** A raw client connects to our listener, sends a little, and resets. */
  async 'read-from-reset'() {
    const by = await bystander();
    const listener = await tcpListen(0, 4, false, '127.0.0.1');
    const port = tcpAddresses(listener, true)[1];
    const client = netConnect(port, '127.0.0.1');
    client.on('error', () => {});
    const [input, output] = await tcpAccept(listener);
    await new Promise<void>((r) => client.write('partial', () => r()));
    const first = await readBytes(7, input);
    assert.equal(Buffer.from(first as Uint8Array).toString(), 'partial');
    client.resetAndDestroy();
    const [, readError] = await readAll(input);
    assert.ok(readError instanceof ExnFailNetworkErrno, `read: ${String(readError)}`);
    assert.deepEqual(readError.errno, [104, 'posix']);
    assert.equal(await readBytes(1, input), eof);
    const writeError = await writeUntilError(output, 5);
    assert.ok(writeError instanceof ExnFailNetwork);
    await by.check(4);
    closeInputPort(input);
    await closeOutputPort(output).catch(() => {});
    tcpClose(listener);
    by.close();
    return { read: describe(readError), write: describe(writeError) };
  },

  /** A peer process streams to us, reads from us, and is killed with SIGKILL mid-stream. */
  async 'peer-sigkill'() {
    const by = await bystander();
    const listener = await tcpListen(0, 4, false, '127.0.0.1');
    const port = tcpAddresses(listener, true)[1];
    const peerSource = `
      const s = require('node:net').connect(${port}, '127.0.0.1');
      const chunk = Buffer.alloc(65536, 97);
      s.on('data', () => {});
      const pump = () => { while (s.write(chunk)); };
      s.on('drain', pump); s.on('connect', () => { pump(); process.stdout.write('streaming\\n'); });`;
    const peer = spawn(process.execPath, ['-e', peerSource], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [input, output] = await tcpAccept(listener);
    await new Promise<void>((r) => peer.stdout.once('data', () => r()));
    // Take some of the stream, then kill the peer while it is still writing.
    const some = await readBytes(200_000, input);
    assert.ok(some !== eof && (some as Uint8Array).length === 200_000);
    peer.kill('SIGKILL');
    const [rest, readError] = await readAll(input);
    const writeError = await writeUntilError(output);
    assert.ok(writeError instanceof ExnFailNetworkErrno, `write: ${String(writeError)}`);
    assert.match(writeError.message, /^error writing to stream port/);
    if (readError !== null) assert.ok(readError instanceof ExnFailNetworkErrno);
    await by.check(5);
    closeInputPort(input);
    await closeOutputPort(output).catch(() => {});
    tcpClose(listener);
    by.close();
    return {
      bytesAfterKill: rest,
      readEndedWith: readError === null ? 'eof' : describe(readError),
      write: describe(writeError),
    };
  },

  /** The peer half-closes (FIN) while we keep writing: our writes succeed and all arrive. */
  async 'peer-half-close'() {
    const by = await bystander();
    let received = 0;
    let resolveAll: () => void = () => {};
    const all = new Promise<void>((r) => (resolveAll = r));
    const total = 2 * 1024 * 1024;
    const [server, port] = await rawServer((socket) => {
      socket.end('bye');
      socket.on('data', (d: Buffer) => {
        received += d.length;
        if (received >= total) resolveAll();
      });
      socket.on('end', () => socket.end());
    });
    const [input, output] = await tcpConnect('127.0.0.1', port);
    const bye = await readBytes(10, input);
    assert.equal(Buffer.from(bye as Uint8Array).toString(), 'bye');
    assert.equal(await readBytes(1, input), eof);
    for (let sent = 0; sent < total; sent += 65536)
      await writeBytes(patternBytes(sent, 65536), output);
    await closeOutputPort(output);
    await all;
    assert.equal(received, total);
    closeInputPort(input);
    server.close();
    await by.check(6);
    by.close();
    return { bytesWrittenAfterPeerFin: total, bytesPeerReceived: received };
  },

  /** The peer closes before reading anything: writes raise on a later operation, not a crash. */
  async 'write-after-peer-gone'() {
    const by = await bystander();
    const [server, port] = await rawServer((socket) => socket.destroy());
    const [input, output] = await tcpConnect('127.0.0.1', port);
    assert.equal(await readBytes(1, input), eof);
    const writeError = await writeUntilError(output);
    assert.ok(writeError instanceof ExnFailNetworkErrno, `write: ${String(writeError)}`);
    assert.ok([32, 104].includes(writeError.errno[0]));
    // And again: the port stays failed, and closing it raises nothing unhandled.
    const again = await writeUntilError(output, 2);
    assert.ok(again instanceof ExnFail);
    closeInputPort(input);
    await closeOutputPort(output).catch(() => {});
    assert.ok(isPortClosed(output));
    server.close();
    await by.check(7);
    by.close();
    return { write: describe(writeError), writeAgain: describe(again) };
  },

  /** Names that do not resolve: `ExnFailNetworkErrno` with a `gai` errno. */
  async 'dns-failure'() {
    const by = await bystander();
    const errors: Observed[] = [];
    const tcp = await tcpConnect('no-such-host.invalid', 80).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(tcp instanceof ExnFailNetworkErrno, `tcpConnect: ${String(tcp)}`);
    assert.equal(tcp.errno[1], 'gai');
    assert.match(tcp.message, /^tcp-connect: /);
    errors.push(describe(tcp));
    const listen = await tcpListen(0, 4, false, 'no-such-host.invalid').then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(listen instanceof ExnFailNetworkErrno, `tcpListen: ${String(listen)}`);
    assert.equal(listen.errno[1], 'gai');
    errors.push(describe(listen));
    const sock = await udpOpenSocket('127.0.0.1');
    const udp = await udpSendTo(sock, 'no-such-host.invalid', 9, new Uint8Array(1)).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(udp instanceof ExnFailNetworkErrno, `udpSendTo: ${String(udp)}`);
    assert.equal(udp.errno[1], 'gai');
    errors.push(describe(udp));
    await by.check(8);
    by.close();
    return { errors };
  },

  /**
   * A custodian holding a listener and N connections (both ends), with threads blocked on every
   * port: threads outside the custodian are woken with an exception, threads inside are killed,
   * every socket is closed and the handle count returns to where it was.
   */
  async 'custodian-shutdown'() {
    const n = Number(process.argv[3] ?? 300);
    const by = await bystander();
    const baseline = totalHandles(networkHandles());
    const parent = makeCustodian();
    const c = makeCustodian(parent);
    const ports: InputPort[] = [];
    const inside = await parameterize(currentCustodian, c, async () => {
      const listener = await tcpListen(0, n, false, '127.0.0.1');
      const port = tcpAddresses(listener, true)[1];
      const accepted: Promise<[InputPort, OutputPort]>[] = [];
      for (let i = 0; i < n; i++) {
        accepted.push(tcpAccept(listener));
        const [ci] = await tcpConnect('127.0.0.1', port);
        ports.push(ci);
      }
      for (const [si, so] of await Promise.all(accepted)) {
        ports.push(si);
        void writeBytes(new Uint8Array(10), so); // unflushed: discarded by the shutdown
      }
      // Threads managed by the custodian, blocked on an accept and on reads.
      return [
        thread(() => tcpAccept(listener)),
        ...ports.slice(0, 20).map((p) => thread(() => readBytes(1, p))),
      ];
    });
    const held = totalHandles(networkHandles());
    // Threads outside the custodian, blocked reading each port.
    let woken = 0;
    const outcomes: Observed[] = [];
    const outside = ports.map((p) =>
      thread(async () => {
        try {
          await readBytes(1, p);
          outcomes.push({ unexpected: 'read returned' });
        } catch (error) {
          if (error instanceof ExnFail) woken++;
          else outcomes.push(describe(error));
        }
      }),
    );
    await sleep(0.05);
    custodianShutdownAll(c);
    for (const t of outside) await threadWait(t);
    assert.equal(woken, ports.length, JSON.stringify(outcomes.slice(0, 3)));
    assert.ok(
      inside.every((t) => isThreadDead(t)),
      'threads in the custodian are killed',
    );
    assert.ok(ports.every((p) => isPortClosed(p)));
    assert.deepEqual(custodianManagedList(parent, currentCustodian()), []);
    const after = await settleHandles(baseline);
    assert.equal(after, baseline, `handles: ${JSON.stringify(networkHandles())}`);
    await by.check(9);
    by.close();
    custodianShutdownAll(parent);
    return {
      connections: n,
      handlesHeld: held - baseline,
      threadsWoken: woken,
      threadsKilled: inside.length,
      handlesLeaked: after - baseline,
    };
  },
};

const name = process.argv[2] ?? '';
const scenario = scenarios[name];
if (!scenario)
  throw new Error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
printResult({ scenario: name, ...(await scenario()) });
