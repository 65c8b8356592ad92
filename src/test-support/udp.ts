/** Shared helpers for the UDP tests: bound loopback sockets and byte strings. */
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

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

export const text = (b: Uint8Array, start = 0, end = b.length): string =>
  new TextDecoder().decode(b.subarray(start, end));

/** Waits (at most `seconds`) until a datagram is waiting on `socket`; says whether one is. */
export async function datagramArrives(socket: Udp, seconds = 2): Promise<boolean> {
  return (await syncTimeout(seconds, udpReceiveReadyEvt(socket))) !== false;
}

/** Racket's `(bytes …)` printed form of `b`, for comparing with Racket's output. */
export const racketBytes = (b: Uint8Array): string =>
  '#"' +
  [...b]
    .map((c) =>
      c === 0 ? '\\0' : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString(8)}`,
    )
    .join('') +
  '"';
