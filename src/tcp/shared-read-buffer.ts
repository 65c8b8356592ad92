/**
 * Reading every TCP socket into one shared buffer, with Node's `onread` option.
 *
 * Node's stream path allocates a fresh 64 KiB buffer for every read and passes it through
 * `Readable`; with `onread`, libuv reads into a buffer we give it and calls us back at once.
 * JavaScript runs one callback at a time and the input port takes (or copies) the bytes before
 * the callback returns, so one buffer serves every connection: no allocation per read, and a
 * waiting reader gets its bytes copied once, from the kernel's buffer into its own.
 *
 * Client sockets take `onread` as documented. Node's servers offer no such option, so accepted
 * connections are wrapped from the server's handle the way `net.Server` does it itself; when
 * that private hook is missing (another Node), they fall back to the stream path.
 */
import { type Server, Socket, type SocketConstructorOpts } from 'node:net';

const READ_BUFFER_SIZE = 64 * 1024;
/** A plain `Uint8Array`, so that the views the callback makes of it are plain too. */
const sharedBuffer = new Uint8Array(READ_BUFFER_SIZE);

/** Where a socket's bytes go: set by the ports once they own the socket. */
export interface ReadTarget {
  socketRead(bytes: Uint8Array): void;
}

const TARGET = Symbol('racket-net read target');
const SHARED = Symbol('racket-net shared read buffer');
type ReadingSocket = Socket & { [TARGET]?: ReadTarget; [SHARED]?: true };

/**
 * Node calls this as a method of the socket (`this`). Bytes that come with no target are from
 * a connection nobody accepted, being drained before it closes: they are dropped.
 */
function onSharedRead(this: ReadingSocket, nread: number, buffer: Uint8Array): boolean {
  this[TARGET]?.socketRead(buffer.subarray(0, nread));
  return true;
}

const ONREAD = { buffer: sharedBuffer, callback: onSharedRead };

/** Whether `socket` reads into the shared buffer (its bytes never come as `'data'`). */
export const readsSharedBuffer = (socket: Socket): boolean =>
  (socket as ReadingSocket)[SHARED] === true;

/** Sends `socket`'s bytes to `target` from now on. */
export function setReadTarget(socket: Socket, target: ReadTarget): void {
  (socket as ReadingSocket)[TARGET] = target;
}

/**
 * A socket to connect with, reading into the shared buffer. It starts paused, so that nothing
 * is read before its ports exist (`resume()` starts reading).
 */
export function newClientSocket(): Socket {
  const options = { allowHalfOpen: true, onread: ONREAD } as SocketConstructorOpts;
  const socket = new Socket(options) as ReadingSocket;
  socket[SHARED] = true;
  socket.pause();
  return socket;
}

interface ServerHandle {
  onconnection?: (this: ServerHandle, status: number, clientHandle?: object) => void;
}

/**
 * Calls `onSocket` with each connection `server` accepts, paused, reading into the shared
 * buffer when Node's handle allows (see the top of this file), else as a plain paused socket.
 * Call once the server is listening.
 */
export function acceptIntoSharedBuffer(server: Server, onSocket: (socket: Socket) => void): void {
  const handle = (server as unknown as { _handle?: ServerHandle | null })._handle;
  const nodeOnConnection = handle?.onconnection;
  if (handle == null || typeof nodeOnConnection !== 'function') {
    server.on('connection', onSocket);
    return;
  }
  handle.onconnection = function (status, clientHandle) {
    // Failures (EMFILE…) keep Node's own handling: an 'error' on the server.
    if (status < 0 || clientHandle === undefined) {
      nodeOnConnection.call(this, status, clientHandle);
      return;
    }
    // What `net.Server` does for each connection, plus `onread`.
    const options = {
      handle: clientHandle,
      allowHalfOpen: true,
      pauseOnCreate: true,
      readable: true,
      writable: true,
      onread: ONREAD,
    } as SocketConstructorOpts;
    const socket = new Socket(options) as ReadingSocket;
    socket[SHARED] = true;
    onSocket(socket);
  };
}
