/**
 * The workloads written with raw `node:net` and `node:dgram`, as idiomatic Node code: event
 * handlers, `write()`'s return value and `'drain'` for backpressure, no extra copies.
 */
import { once } from 'node:events';
import { type AddressInfo, type Server, type Socket, createServer, connect } from 'node:net';
import { type Measurement, type Sizes } from './config.js';
import { elapsedMs, idleRss, rate } from './measure.js';

async function listen(): Promise<[Server, number]> {
  const server = createServer();
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  await once(server, 'listening');
  return [server, (server.address() as AddressInfo).port];
}

/** A connected client socket and the server's end of it. */
async function connectPair(server: Server, port: number): Promise<[Socket, Socket]> {
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect({ port, host: '127.0.0.1' });
  await once(client, 'connect');
  const [socket] = await accepted;
  return [client, socket];
}

export async function tcpBulk(s: Sizes): Promise<Measurement> {
  const [server, port] = await listen();
  const [client, socket] = await connectPair(server, port);
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
  server.close();
  return { value: rate(got / 1e6, ms), count: got, ms };
}

/** Ping-pong with `idle` idle connections open beside the active one. */
export async function tcpPingPong(
  rounds: number,
  size: number,
  idle: number,
): Promise<Measurement> {
  const [server, port] = await listen();
  const idleSockets: Socket[] = [];
  for (let i = 0; i < idle; i++) idleSockets.push(...(await connectPair(server, port)));
  const [client, socket] = await connectPair(server, port);
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
  server.close();
  return { value: rate(count, ms), count, ms };
}

export async function tcpChurn(n: number): Promise<Measurement> {
  const [server, port] = await listen();
  const oneByte = Buffer.from([1]);
  let count = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const [client, socket] = await connectPair(server, port);
    client.end(oneByte);
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    if (chunk[0] === 1) count++;
    socket.end();
  }
  const ms = elapsedMs(start);
  server.close();
  return { value: rate(count, ms), count, ms };
}

export async function tcpMemory(n: number): Promise<Measurement> {
  const [server, port] = await listen();
  const [c0, s0] = await connectPair(server, port);
  c0.destroy();
  s0.destroy();
  const before = await idleRss();
  const start = performance.now();
  const open: Socket[] = [];
  for (let i = 0; i < n; i++) open.push(...(await connectPair(server, port)));
  const ms = elapsedMs(start);
  const after = await idleRss();
  for (const sock of open) sock.destroy();
  server.close();
  return { value: (after - before) / n, count: open.length / 2, ms };
}
