/** Shared helpers for the UDP tests: bound loopback sockets and waiting for a datagram. */
import { syncTimeout } from '../evt/sync.js';
import { udpAddresses } from '../udp/addresses.js';
import { udpBind, udpOpenSocket } from '../udp/lifecycle.js';
import { udpReceiveReadyEvt } from '../udp/receive.js';
import { type Udp } from '../udp/socket.js';

/** A socket bound to an ephemeral port on `host` (127.0.0.1 or ::1), and that port. */
export async function boundSocket(host = '127.0.0.1'): Promise<[Udp, number]> {
  const socket = await udpOpenSocket(host);
  await udpBind(socket, host, 0);
  return [socket, udpAddresses(socket, true)[1]];
}

/** Waits (at most `seconds`) until a datagram is waiting on `socket`; says whether one is. */
export async function datagramArrives(socket: Udp, seconds = 2): Promise<boolean> {
  return (await syncTimeout(seconds, udpReceiveReadyEvt(socket))) !== false;
}
