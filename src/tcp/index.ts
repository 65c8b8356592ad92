/**
 * `racket-net/tcp`: Racket's `racket/tcp`. Listeners, connections as pairs of ports, accept
 * events, addresses. The ports are those of `racket-net`: read and write them with its functions.
 *
 * @module racket-net/tcp
 */
export { type TcpListener, isTcpListener, tcpClose, tcpListen } from './listener.js';
export { isTcpAcceptReady, tcpAccept, tcpAcceptEnableBreak, tcpAcceptEvt } from './accept.js';
export { tcpConnect, tcpConnectEnableBreak } from './connect.js';
export { isTcpPort } from './tcp-ports.js';
export { tcpAbandonPort } from './abandon.js';
export { tcpAddresses } from './addresses.js';
