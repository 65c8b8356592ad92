/**
 * `racket-net/unix-socket`: Racket's `racket/unix-socket`. Unix domain sockets (a path, or on
 * Linux an abstract name) with TCP's listener queue and ports: the ports are those of
 * `racket-net`, read and write them with its functions.
 *
 * @module racket-net/unix-socket
 */
export { isUnixSocketPath, unixSocketAvailable } from './path.js';
export {
  type UnixSocketListener,
  isUnixSocketListener,
  unixSocketCloseListener,
  unixSocketListen,
} from './listener.js';
export { unixSocketAccept, unixSocketAcceptEvt } from './accept.js';
export { unixSocketConnect } from './connect.js';
