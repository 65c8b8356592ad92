/**
 * The unix-socket rows: TCP's ping-pong and bulk (written once, in `rnet-workloads.ts` and
 * `node-workloads.ts`) over a socket path in the temp directory, racket-net (its public API,
 * `racket-net/unix-socket`) against raw `node:net` on the same kind of path. Both ends in this
 * process, as in the TCP rows.
 */
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  unixSocketAccept,
  unixSocketCloseListener,
  unixSocketConnect,
  unixSocketListen,
} from '../index.js';
import { type NodeListener, acceptedPair } from './node-workloads.js';
import { type Transport } from './rnet-workloads.js';

/** A fresh socket path; the caller removes the file (racket-net, like Racket, keeps it). */
const socketPath = (): string => join(tmpdir(), `rnet-bench-${process.pid}-${Date.now()}.sock`);

interface UnixListening {
  readonly listener: Awaited<ReturnType<typeof unixSocketListen>>;
  readonly path: string;
}

/** racket-net: a listener on a new path; closing it removes the file. */
export const UNIX: Transport<UnixListening> = {
  listen: async () => {
    const path = socketPath();
    return { listener: await unixSocketListen(path, 4), path };
  },
  connectPair: async ({ listener, path }) => {
    const [[ci, co], [si, so]] = await Promise.all([
      unixSocketConnect(path),
      unixSocketAccept(listener),
    ]);
    return [ci, co, si, so];
  },
  close: ({ listener, path }) => {
    unixSocketCloseListener(listener);
    rmSync(path, { force: true });
  },
};

/** Raw Node: a server on a new path (Node removes the file when it closes). */
export async function nodeUnixListen(): Promise<NodeListener> {
  const path = socketPath();
  const server = createServer();
  server.listen({ path, backlog: 4 });
  await once(server, 'listening');
  return {
    connectPair: () => acceptedPair(server, () => connect({ path })),
    close: () => server.close(),
  };
}
