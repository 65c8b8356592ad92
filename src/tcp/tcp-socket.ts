/**
 * The Node sockets of TCP connections, and the one place that knows their two kinds.
 *
 * Reading: Node's stream path allocates a fresh 64 KiB buffer for every read and passes it
 * through `Readable`; with the `onread` option, libuv reads into a buffer we give it and calls
 * us back at once. JavaScript runs one callback at a time and the input port takes (or copies)
 * the bytes before the callback returns, so one buffer serves every connection: no allocation
 * per read, and a waiting reader gets its bytes copied once, from the kernel into its own.
 *
 * Two kinds of socket: racket-net's `TcpSocket`, which reads into the shared buffer; and Node's
 * own. Client sockets take `onread` as documented. Node's servers offer no such option, so
 * accepted connections are wrapped from the server's handle the way `net.Server` does it
 * itself; when that private hook is missing (another Node), they come as Node's own sockets
 * from `'connection'`. Above this file there is one kind: a connected `Socket` that
 * `adoptSocket` hands to its `SocketOwner` (the connection), which then hears its bytes and
 * events the same way whichever kind it is, and `socketAddresses` tells its addresses.
 *
 * Errors: every socket has this file's `'error'` listener from birth (`onSocketError`), so
 * that none can crash the process: while it connects, its errors go to its `ConnectWaiter`;
 * once adopted, to its owner; in between (waiting to be accepted, or connected but not handed
 * over yet), the first one is kept for the owner, which gets it when it adopts the socket.
 *
 * Addresses: `tcpAddresses` works until the ports close, but Node forgets a socket's addresses
 * once its handle is closed. Asking the kernel for them at every connection costs two system
 * calls that few programs need, so a `TcpSocket` asks only when they are wanted, and keeps them
 * just before its handle closes (`_destroy`, the stream hook every destroy goes through) while a
 * port that could still ask is open. (Node's own sockets are asked at once, when adopted.) As in
 * Racket, the peer is known only while the connection is: once it has been reset, or closed
 * both ways, the kernel no longer tells it, and `tcpAddresses` raises Racket's "could not get
 * peer address".
 */
import { type Server, Socket, type SocketConnectOpts, type SocketConstructorOpts } from 'node:net';
import { constants as osConstants } from 'node:os';
import { getSystemErrorName } from 'node:util';

const READ_BUFFER_SIZE = 64 * 1024;
/** A plain `Uint8Array`, so that the views the callback makes of it are plain too. */
const sharedBuffer = new Uint8Array(READ_BUFFER_SIZE);

/** What owns a connected socket once it has ports (the connection): told its bytes and events. */
export interface SocketOwner {
  /**
   * Bytes read. `lent`: a view of the shared read buffer, valid only during the call (copy what
   * you keep); otherwise the owner's to keep.
   */
  socketRead(bytes: Uint8Array, lent: boolean): void;
  /** The peer ended its side: no more bytes. */
  socketEnded(): void;
  /** A read or a write failed, with Node's error. */
  socketFailed(error: unknown): void;
  /** Node's write queue drained: it takes more now. */
  socketDrained(): void;
  /** The socket is closed (destroyed by the owner, or after an error). */
  socketClosed(): void;
  /** The owner is done with the socket (both ports are closed): its addresses are not wanted. */
  readonly finished: boolean;
  /**
   * `false` when the owner knows its addresses from elsewhere (TLS, from the TCP socket under
   * it): Node's own sockets are then not asked for them when adopted (two system calls saved).
   */
  readonly wantsAddresses?: boolean;
}

/** What waits for a client socket to connect (a connect attempt, see `connect.ts`). */
export interface ConnectWaiter {
  /** The socket connected. */
  socketConnected(socket: TcpSocket): void;
  /**
   * The socket failed. Answers whether the waiter took the error: `false` once it is done
   * waiting, and the error is then kept for the socket's owner.
   */
  socketConnectFailed(error: unknown): boolean;
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
const readAddresses = (socket: Socket): SocketAddresses => ({
  localAddress: socket.localAddress ?? '0.0.0.0',
  localPort: socket.localPort ?? 0,
  ...peerOf((socket as { _handle?: unknown })._handle),
});

/** racket-net's kind of socket (see the top of this file). */
export class TcpSocket extends Socket {
  /** Set by `adoptSocket`. */
  owner: SocketOwner | null = null;
  /**
   * What a client socket's connect is reported to until it connects (see `connectTcpSocket`).
   * A field of every socket, so that client and accepted sockets share one hidden class.
   */
  connectWaiter: ConnectWaiter | null = null;
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
  this.owner?.socketRead(buffer.subarray(0, nread), true);
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
 * A socket to connect with (`connectTcpSocket`), reading into the shared buffer. It starts
 * paused, so that nothing is read before its owner adopts it.
 */
export function newClientSocket(): TcpSocket {
  const socket = new TcpSocket(CLIENT_OPTIONS);
  socket.on('error', onSocketError);
  socket.pause();
  return socket;
}

/**
 * Starts connecting `socket`: `waiter` is told whether it connected, until the caller sets
 * `socket.connectWaiter` back to `null`.
 */
export function connectTcpSocket(
  socket: TcpSocket,
  options: SocketConnectOpts,
  waiter: ConnectWaiter,
): void {
  socket.connectWaiter = waiter;
  socket.connect(options, onSocketConnect);
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
 * Calls `onSocket` with each connection `server` accepts, paused, with its `'error'` listener:
 * a `TcpSocket` when Node's handle allows (see the top of this file), else Node's own socket.
 * Call once it listens.
 */
export function acceptTcpSockets(server: Server, onSocket: (socket: Socket) => void): void {
  const handle = (server as unknown as { _handle?: ServerHandle | null })._handle;
  const nodeOnConnection = handle?.onconnection;
  if (handle == null || typeof nodeOnConnection !== 'function') {
    server.on('connection', (socket: Socket) => {
      socket.on('error', onSocketError);
      onSocket(socket);
    });
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
    const socket = new TcpSocket(options);
    socket.on('error', onSocketError);
    onSocket(socket);
  };
}

// --- one kind above this file -----------------------------------------------------------------

/** What this file keeps on Node's own sockets: their owner, and their addresses. */
const OWNER = Symbol('racket-net owner');
const ADDRESSES = Symbol('racket-net addresses');
type NodeSocket = Socket & { [OWNER]?: SocketOwner; [ADDRESSES]?: SocketAddresses };

/** A socket's first error before it was adopted (either kind), kept for its owner. */
const EARLY_ERROR = Symbol('racket-net early error');
type EarlySocket = Socket & { [EARLY_ERROR]?: unknown };

function ownerOf(socket: Socket): SocketOwner | null {
  return socket instanceof TcpSocket ? socket.owner : ((socket as NodeSocket)[OWNER] ?? null);
}

/**
 * Hands a connected socket (either kind, as `acceptTcpSockets` or a connect gave it) to `owner`,
 * which from now on hears its bytes and events: first an error or the end that came before,
 * then whatever follows once reading starts (now).
 */
export function adoptSocket(socket: Socket, owner: SocketOwner): void {
  const early = (socket as EarlySocket)[EARLY_ERROR];
  // Shared listeners (Node calls them with the socket as `this`): no closures per connection.
  if (socket instanceof TcpSocket) socket.owner = owner;
  else {
    const node = socket as NodeSocket;
    // Now: Node forgets them when the socket closes.
    if (owner.wantsAddresses !== false) node[ADDRESSES] = readAddresses(socket);
    node[OWNER] = owner;
    socket.on('data', onNodeSocketData);
    socket.on('end', onNodeSocketEnd);
  }
  socket.on('drain', onSocketDrain);
  socket.on('close', onSocketClose);
  if (early !== undefined) owner.socketFailed(early);
  else if (socket.destroyed || socket.readableEnded) owner.socketEnded();
  // Sockets wait paused until adopted; reading starts now (the owner pauses it when full).
  socket.resume();
}

/**
 * Undoes `adoptSocket`: its owner hears nothing more, and the socket waits paused for another
 * (STARTTLS: TLS takes it over). Its `'error'` listener stays; errors are kept as before adoption.
 */
export function releaseSocket(socket: Socket): void {
  if (socket instanceof TcpSocket) socket.owner = null;
  else {
    const node = socket as NodeSocket;
    delete node[OWNER];
    socket.off('data', onNodeSocketData);
    socket.off('end', onNodeSocketEnd);
  }
  socket.off('drain', onSocketDrain);
  socket.off('close', onSocketClose);
  socket.pause();
}

/** The addresses of an adopted socket, as they were while it was open. */
export function socketAddresses(socket: Socket): SocketAddresses {
  return socket instanceof TcpSocket
    ? socket.addresses
    : ((socket as NodeSocket)[ADDRESSES] ?? readAddresses(socket));
}

/**
 * The `'error'` listener of every TCP socket, from birth to the end (see the top of this file).
 * One shared function, never removed: a listener may hold thousands of sockets, and removing a
 * listener turns Node's table of them into a slow dictionary.
 */
function onSocketError(this: Socket, error: unknown): void {
  const owner = ownerOf(this);
  if (owner !== null) owner.socketFailed(error);
  else if (!(
    this instanceof TcpSocket && this.connectWaiter?.socketConnectFailed(error) === true
  )) {
    (this as EarlySocket)[EARLY_ERROR] ??= error;
  }
}

function onSocketConnect(this: TcpSocket): void {
  this.connectWaiter?.socketConnected(this);
}

function onNodeSocketData(this: NodeSocket, chunk: Buffer): void {
  this[OWNER]!.socketRead(chunk, false);
}

function onNodeSocketEnd(this: NodeSocket): void {
  this[OWNER]!.socketEnded();
}

function onSocketDrain(this: Socket): void {
  ownerOf(this)!.socketDrained();
}

function onSocketClose(this: Socket): void {
  ownerOf(this)!.socketClosed();
}
