/**
 * The Node sockets racket-net makes for TCP connections (`TcpSocket`): they read into one
 * shared buffer, and they remember their addresses before they close.
 *
 * Reading: Node's stream path allocates a fresh 64 KiB buffer for every read and passes it
 * through `Readable`; with the `onread` option, libuv reads into a buffer we give it and calls
 * us back at once. JavaScript runs one callback at a time and the input port takes (or copies)
 * the bytes before the callback returns, so one buffer serves every connection: no allocation
 * per read, and a waiting reader gets its bytes copied once, from the kernel into its own.
 *
 * Client sockets take `onread` as documented. Node's servers offer no such option, so accepted
 * connections are wrapped from the server's handle the way `net.Server` does it itself; when
 * that private hook is missing (another Node), they come as plain sockets from `'connection'`.
 *
 * Addresses: `tcpAddresses` works until the ports close, but Node forgets a socket's addresses
 * once its handle is closed. Asking the kernel for them at every connection costs two system
 * calls that few programs need, so a `TcpSocket` asks only when they are wanted, and keeps them
 * just before its handle closes (`_destroy`, the stream hook every destroy goes through) while a
 * port that could still ask is open. As in Racket, the peer is known only while the connection
 * is: once it has been reset, or closed both ways, the kernel no longer tells it, and
 * `tcpAddresses` raises Racket's "could not get peer address".
 */
import { type Server, Socket, type SocketConstructorOpts } from 'node:net';
import { constants as osConstants } from 'node:os';
import { getSystemErrorName } from 'node:util';

const READ_BUFFER_SIZE = 64 * 1024;
/** A plain `Uint8Array`, so that the views the callback makes of it are plain too. */
const sharedBuffer = new Uint8Array(READ_BUFFER_SIZE);

/** The ports' connection, once they own the socket: its bytes and its EOF go there. */
export interface SocketOwner {
  socketRead(bytes: Uint8Array): void;
  socketEnded(): void;
  /** Both ports are closed: the addresses are no longer wanted. */
  readonly finished: boolean;
}

export interface SocketAddresses {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /**
   * Why the kernel could not tell the peer (an errno name): the connection was reset, or closed
   * both ways, when the addresses were read. Racket raises then, and so does `tcpAddresses`.
   */
  readonly peerError?: string;
}

/** The addresses of a connected socket, as the kernel reports them now. */
export const readAddresses = (socket: Socket): SocketAddresses => ({
  localAddress: socket.localAddress ?? '0.0.0.0',
  localPort: socket.localPort ?? 0,
  ...peerOf((socket as { _handle?: unknown })._handle),
});

export class TcpSocket extends Socket {
  owner: SocketOwner | null = null;
  /**
   * The connect attempt a client socket belongs to until it connects (see `connect.ts`). A
   * field of every socket, so that client and accepted sockets share one hidden class.
   */
  connectAttempt: object | null = null;
  /** The addresses as they were just before the handle closed. */
  #addresses: SocketAddresses | null = null;

  /** Asked of the kernel while the handle is open (as Racket asks), then as they were kept. */
  get addresses(): SocketAddresses {
    return this.#addresses ?? readAddresses(this);
  }

  /**
   * With `onread`, the only thing Node still pushes through `Readable` is the end (`null`):
   * the ports hear of it here, with no `'end'` listener to keep per socket.
   */
  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) this.owner?.socketEnded();
    return super.push(chunk, encoding);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.owner?.finished !== true) this.#addresses = this.addresses;
    super._destroy(error, callback);
  }
}

/**
 * Node calls this as a method of the socket (`this`). Bytes that come with no target are from
 * a connection nobody accepted, being drained before it closes: they are dropped.
 */
function onSharedRead(this: TcpSocket, nread: number, buffer: Uint8Array): boolean {
  this.owner?.socketRead(buffer.subarray(0, nread));
  return true;
}

const ONREAD = { buffer: sharedBuffer, callback: onSharedRead };

/**
 * The options of a client socket. `emitClose`, `autoDestroy` and `decodeStrings` are there at
 * the values `new Socket` sets on its copy of the options anyway: without them it adds them to
 * a fresh copy each time, and V8 builds new hidden classes for every socket, 3x slower (6 µs
 * against 2 µs a socket, measured on Node 20). Accepted sockets' options have them too.
 */
const CLIENT_OPTIONS = {
  allowHalfOpen: true,
  onread: ONREAD,
  emitClose: false,
  autoDestroy: true,
  decodeStrings: false,
} as SocketConstructorOpts;

/**
 * A socket to connect with, reading into the shared buffer. It starts paused, so that nothing
 * is read before its ports exist (`resume()` starts reading).
 */
export function newClientSocket(): TcpSocket {
  const socket = new TcpSocket(CLIENT_OPTIONS);
  socket.pause();
  return socket;
}

let lastPeerAddress = '';

type PeerAddress = Pick<SocketAddresses, 'remoteAddress' | 'remotePort' | 'peerError'>;

/**
 * The peer, asked of the socket's handle: `socket.remoteAddress` would do, but Node would keep
 * an object of its own per socket to cache the answer, and would hide why it failed.
 */
function peerOf(handle: unknown): PeerAddress {
  const peer: { address?: string; port?: number } = {};
  const ask = (handle as { getpeername?: (out: object) => number } | null)?.getpeername;
  // No handle: the socket closed before anyone asked (reset before its ports existed).
  const status = typeof ask === 'function' ? ask.call(handle, peer) : UV_ENOTCONN;
  if (status !== 0 || peer.address === undefined) {
    return { remoteAddress: '0.0.0.0', remotePort: 0, peerError: errnoName(status) };
  }
  // A server sees the same few client addresses again and again: one string for each.
  if (peer.address !== lastPeerAddress) lastPeerAddress = peer.address;
  return { remoteAddress: lastPeerAddress, remotePort: peer.port ?? 0 };
}

const UV_ENOTCONN = -(osConstants.errno.ENOTCONN as number);

function errnoName(status: number): string {
  try {
    return getSystemErrorName(status < 0 ? status : UV_ENOTCONN);
  } catch {
    return 'ENOTCONN';
  }
}

interface ServerHandle {
  onconnection?: (this: ServerHandle, status: number, clientHandle?: object) => void;
}

/**
 * Calls `onSocket` with each connection `server` accepts, paused: a `TcpSocket` when Node's
 * handle allows (see the top of this file), else Node's own socket. Call once it listens.
 */
export function acceptTcpSockets(server: Server, onSocket: (socket: Socket) => void): void {
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
      emitClose: false,
      autoDestroy: true,
      decodeStrings: false,
    } as SocketConstructorOpts;
    onSocket(new TcpSocket(options));
  };
}
