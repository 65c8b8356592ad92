/**
 * The workloads written with raw `node:net` and `node:dgram`, as idiomatic Node code: event
 * handlers, `write()`'s return value and `'drain'` for backpressure, no extra copies. Bulk and
 * ping-pong are written once over a {@link NodeListener} (TCP here, a unix socket in
 * `unix-workloads.ts`, TLS in `tls-workloads.ts`).
 */
import { once } from 'node:events';
import { type AddressInfo, type Server, type Socket, createServer, connect } from 'node:net';
import { type Measurement, type Sizes } from './config.js';
import { elapsedMs, idleRss, rate } from './measure.js';

/** A listening server of some kind: TCP, a unix socket, TLS. */
export interface NodeListener {
  /** A connected client socket and the server's end of it. */
  readonly connectPair: () => Promise<[Socket, Socket]>;
  readonly close: () => void;
}

/** A client socket from `connect`, connected, and the socket `server` accepted for it. */
export async function acceptedPair(
  server: Server,
  connect: () => Socket,
): Promise<[Socket, Socket]> {
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect();
  await once(client, 'connect');
  const [socket] = await accepted;
  return [client, socket];
}

export async function tcpListen(): Promise<NodeListener> {
  const server = createServer();
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    connectPair: () => acceptedPair(server, () => connect({ port, host: '127.0.0.1' })),
    close: () => server.close(),
  };
}

/** `bulkBytes` one way in `bulkChunk` writes, `'drain'` when `write()` says so. */
export async function bulk(listen: () => Promise<NodeListener>, s: Sizes): Promise<Measurement> {
  const listener = await listen();
  const [client, socket] = await listener.connectPair();
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
  socket.destroy();
  client.destroy();
  listener.close();
  return { value: rate(got / 1e6, ms), count: got, ms };
}

/** Ping-pong with `idle` idle connections open beside the active one. */
export async function pingPong(
  listen: () => Promise<NodeListener>,
  rounds: number,
  size: number,
  idle: number,
): Promise<Measurement> {
  const listener = await listen();
  const idleSockets: Socket[] = [];
  for (let i = 0; i < idle; i++) idleSockets.push(...(await listener.connectPair()));
  const [client, socket] = await listener.connectPair();
  client.setNoDelay(true);
  socket.setNoDelay(true);
  // The server answers every `size` bytes with `size` bytes.
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
  for (const sock of [...idleSockets, client, socket]) sock.destroy();
  listener.close();
  return { value: rate(count, ms), count, ms };
}

export async function tcpChurn(n: number): Promise<Measurement> {
  const listener = await tcpListen();
  const oneByte = Buffer.from([1]);
  let count = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const [client, socket] = await listener.connectPair();
    client.end(oneByte);
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    if (chunk[0] === 1) count++;
    socket.end();
  }
  const ms = elapsedMs(start);
  listener.close();
  return { value: rate(count, ms), count, ms };
}

export async function tcpMemory(n: number): Promise<Measurement> {
  const listener = await tcpListen();
  const [c0, s0] = await listener.connectPair();
  c0.destroy();
  s0.destroy();
  const before = await idleRss();
  const start = performance.now();
  const open: Socket[] = [];
  for (let i = 0; i < n; i++) open.push(...(await listener.connectPair()));
  const ms = elapsedMs(start);
  const after = await idleRss();
  for (const sock of open) sock.destroy();
  listener.close();
  return { value: (after - before) / n, count: open.length / 2, ms };
}
