/**
 * The server workloads' servers written with raw `node:net`, as idiomatic Node code: parse on
 * `'data'`, answer with `socket.write`, corked while answering one chunk's requests so that
 * pipelined requests read together are answered in one write.
 */
import { once } from 'node:events';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { HTTP_RESPONSE, LP_HEADER_BYTES } from './server-protocols.js';

/** Listens on an ephemeral loopback port, `onConnection` for each connection; returns the port. */
async function startServer(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    onConnection(socket);
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** HTTP: each request ends at "\r\n\r\n"; the text after the last one waits for more. */
function serveHttp(socket: Socket): void {
  let pending = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let start = 0;
    let end: number;
    socket.cork();
    while ((end = pending.indexOf('\r\n\r\n', start)) !== -1) {
      socket.write(HTTP_RESPONSE);
      start = end + 4;
    }
    socket.uncork();
    pending = pending.slice(start);
  });
}

/** Length-prefixed: echoes every whole frame; a partial one waits for more. */
function serveLengthPrefixed(socket: Socket): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    socket.cork();
    while (pending.length - start >= LP_HEADER_BYTES) {
      const end = start + LP_HEADER_BYTES + pending.readUInt32BE(start);
      if (end > pending.length) break;
      socket.write(pending.subarray(start, end));
      start = end;
    }
    socket.uncork();
    pending = pending.subarray(start);
  });
}

/** Starts raw Node's server for `protocol`; returns its port. */
export function startNodeServer(protocol: 'http' | 'lp'): Promise<number> {
  return startServer(protocol === 'http' ? serveHttp : serveLengthPrefixed);
}
