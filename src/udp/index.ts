/**
 * `racket-net/udp`: Racket's `racket/udp`, with Racket 8's TTL, buffer-size and multicast
 * additions. A UDP socket belongs to the current custodian; every receive and every send that
 * may wait is a `sync`, so breaks, kills and shutdowns end it.
 *
 * @module racket-net/udp
 */
export { type Udp } from './socket.js';
export {
  isUdp,
  isUdpBound,
  isUdpConnected,
  udpBind,
  udpClose,
  udpConnect,
  udpOpenSocket,
} from './lifecycle.js';
export { udpAddresses } from './addresses.js';
export {
  udpSend,
  udpSendEnableBreak,
  udpSendEvt,
  udpSendNowait,
  udpSendReadyEvt,
  udpSendTo,
  udpSendToEnableBreak,
  udpSendToEvt,
  udpSendToNowait,
} from './send.js';
export {
  udpDroppedCount,
  udpReceive,
  udpReceiveEnableBreak,
  udpReceiveEvt,
  udpReceiveNowait,
  udpReceiveReadyEvt,
} from './receive.js';
export { udpSetReceiveBufferSize, udpSetTtl, udpTtl } from './options.js';
export {
  isUdpMulticastLoopback,
  udpMulticastInterface,
  udpMulticastJoinGroup,
  udpMulticastLeaveGroup,
  udpMulticastSetInterface,
  udpMulticastSetLoopback,
  udpMulticastSetTtl,
  udpMulticastTtl,
} from './multicast.js';
