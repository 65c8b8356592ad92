/**
 * The unix-socket rows: TCP's ping-pong and bulk over a socket path in the temp directory,
 * racket-net (its public API, `racket-net/unix-socket`) against raw `node:net` on the same kind
 * of path. Both ends in this process, as in the TCP rows.
 */
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type InputPort,
  type OutputPort,
  closeInputPort,
  closeOutputPort,
  flushOutput,
  isEofObject,
  readBytesAvail,
  readBytesInto,
  thread,
  threadWait,
  unixSocketAccept,
  unixSocketCloseListener,
  unixSocketConnect,
  unixSocketListen,
  writeBytes,
} from '../index.js';
import { type Measurement, type Sizes } from './config.js';
import { elapsedMs, rate } from './measure.js';

/** A fresh socket path; the caller removes the file (racket-net, like Racket, keeps it). */
const socketPath = (): string => join(tmpdir(), `rnet-bench-${process.pid}-${Date.now()}.sock`);

type Ports = [InputPort, OutputPort, InputPort, OutputPort];

/** A racket-net listener on a new path and one connection to it. */
async function rnetPair(
  path: string,
): Promise<[Awaited<ReturnType<typeof unixSocketListen>>, Ports]> {
  const listener = await unixSocketListen(path, 4);
  const [[ci, co], [si, so]] = await Promise.all([
    unixSocketConnect(path),
    unixSocketAccept(listener),
  ]);
  return [listener, [ci, co, si, so]];
}

/** 256 MiB one way in 64 KiB writes, the writer in a thread, read with `readBytesAvail`. */
export async function rnetUnixBulk(s: Sizes): Promise<Measurement> {
  const path = socketPath();
  const [listener, [ci, co, si, so]] = await rnetPair(path);
  const data = new Uint8Array(s.bulkChunk).fill(120);
  const start = performance.now();
  const writer = thread(async () => {
    for (let left = s.bulkBytes; left > 0; left -= s.bulkChunk) {
      await writeBytes(data, co, 0, Math.min(s.bulkChunk, left));
    }
    await closeOutputPort(co);
  });
  const buffer = new Uint8Array(s.bulkChunk);
  let got = 0;
  for (;;) {
    const n = await readBytesAvail(buffer, si);
    if (isEofObject(n)) break;
    got += n;
  }
  const ms = elapsedMs(start);
  await threadWait(writer);
  closeInputPort(si);
  closeInputPort(ci);
  await closeOutputPort(so);
  unixSocketCloseListener(listener);
  rmSync(path, { force: true });
  return { value: rate(got / 1e6, ms), count: got, ms };
}

/** Ping-pong: `size`-byte request, flush, `size`-byte reply, `rounds` times. */
export async function rnetUnixPingPong(rounds: number, size: number): Promise<Measurement> {
  const path = socketPath();
  const [listener, [ci, co, si, so]] = await rnetPair(path);
  const server = thread(async () => {
    const buffer = new Uint8Array(size);
    for (let i = 0; i < rounds; i++) {
      const n = await readBytesInto(buffer, si);
      if (n !== size) throw new Error(`server read ${String(n)}`);
      await writeBytes(buffer, so);
      await flushOutput(so);
    }
  });
  const request = new Uint8Array(size).fill(7);
  const reply = new Uint8Array(size);
  let count = 0;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    await writeBytes(request, co);
    await flushOutput(co);
    const n = await readBytesInto(reply, ci);
    if (n !== size) throw new Error(`client read ${String(n)}`);
    count++;
  }
  const ms = elapsedMs(start);
  await threadWait(server);
  closeInputPort(ci);
  closeInputPort(si);
  await closeOutputPort(co);
  await closeOutputPort(so);
  unixSocketCloseListener(listener);
  rmSync(path, { force: true });
  return { value: rate(count, ms), count, ms };
}

/** A raw Node server on a new path and one connection to it. */
async function nodePair(path: string): Promise<[() => void, Socket, Socket]> {
  const server = createServer();
  server.listen({ path, backlog: 4 });
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect({ path });
  await once(client, 'connect');
  const [socket] = await accepted;
  const close = (): void => {
    socket.destroy();
    client.destroy();
    server.close(); // Node removes the file here.
  };
  return [close, client, socket];
}

export async function nodeUnixBulk(s: Sizes): Promise<Measurement> {
  const [close, client, socket] = await nodePair(socketPath());
  const data = Buffer.alloc(s.bulkChunk, 120);
  let got = 0;
  const start = performance.now();
  const done = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => (got += chunk.length));
    socket.on('end', resolve);
  });
  for (let left = s.bulkBytes; left > 0; left -= s.bulkChunk) {
    const chunk = left >= s.bulkChunk ? data : data.subarray(0, left);
    if (!client.write(chunk)) await once(client, 'drain');
  }
  client.end();
  await done;
  const ms = elapsedMs(start);
  close();
  return { value: rate(got / 1e6, ms), count: got, ms };
}

export async function nodeUnixPingPong(rounds: number, size: number): Promise<Measurement> {
  const [close, client, socket] = await nodePair(socketPath());
  let serverHave = 0;
  const replyBytes = Buffer.alloc(size, 9);
  socket.on('data', (chunk: Buffer) => {
    serverHave += chunk.length;
    while (serverHave >= size) {
      serverHave -= size;
      socket.write(replyBytes);
    }
  });
  const request = Buffer.alloc(size, 7);
  let count = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let clientHave = 0;
    client.on('data', (chunk: Buffer) => {
      clientHave += chunk.length;
      while (clientHave >= size) {
        clientHave -= size;
        if (++count === rounds) resolve();
        else client.write(request);
      }
    });
    client.write(request);
  });
  const ms = elapsedMs(start);
  close();
  return { value: rate(count, ms), count, ms };
}
