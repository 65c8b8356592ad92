/**
 * `udpTtl`, `udpSetTtl` and `udpSetReceiveBufferSize` (Racket 7.1–7.5 additions). Synchronous:
 * the value is kept on the socket (Node has no getters) and applied to the system socket now if
 * it exists, else when the socket binds (see `OptionValues`).
 */
import { posixErrno } from '../exn/errno.js';
import { check, isByte } from '../exn/raise.js';
import { setsockoptFailedError, sizeTooLargeError } from '../network/errors.js';
import { defaultTtl, MAX_BUFFER_SIZE } from './option-values.js';
import { checkUdp, type Udp } from './socket.js';

/** Runs a Node option setter; its failure is Racket's `setsockopt failed`. */
export function setOption(who: string, apply: () => void): void {
  try {
    apply();
  } catch (error) {
    throw setsockoptFailedError(who, error);
  }
}

/**
 * `udp-ttl`: the socket's time-to-live (`IP_TTL`) for the datagrams it sends.
 *
 * @throws {@link ExnFailContract} if `socket` is not a UDP socket.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 */
export function udpTtl(socket: Udp): number {
  const who = 'udp-ttl';
  const sock = checkUdp(who, socket);
  sock.checkOpen(who);
  return sock.options.ttl ?? defaultTtl();
}

/**
 * `udp-set-ttl!`: sets the time-to-live of the datagrams the socket sends. `ttl` is a byte; 0
 * is refused as the kernel refuses it (EINVAL). Kept and applied when the socket binds.
 *
 * @throws {@link ExnFailContract} if an argument is bad.
 * @throws {@link ExnFailNetwork} if the socket is closed.
 * @throws {@link ExnFailNetworkErrno} "setsockopt failed" if the system refuses the value.
 */
export function udpSetTtl(socket: Udp, ttl: number): void {
  const who = 'udp-set-ttl!';
  const sock = checkUdp(who, socket);
  check(who, isByte, 'byte?', ttl);
  sock.checkOpen(who);
  if (ttl === 0) throw setsockoptFailedError(who, posixErrno('EINVAL'));
  const node = sock.systemSocket;
  if (node !== null) setOption(who, () => node.setTTL(ttl));
  sock.options.ttl = ttl;
}

const isExactPositiveInteger = (v: unknown): v is number | bigint =>
  (typeof v === 'number' && Number.isInteger(v) && v > 0) || (typeof v === 'bigint' && v > 0n);

/**
 * `udp-set-receive-buffer-size!`: sets `SO_RCVBUF`, which also bounds the socket's receive
 * queue. The kernel caps a large size at its maximum (Linux: `net.core.rmem_max`, doubled);
 * a size beyond exact integers (Racket: beyond fixnums) raises `ExnFailNetwork`.
 *
 * @throws {@link ExnFailContract} if `size` is not a positive integer.
 * @throws {@link ExnFailNetwork} if the socket is closed, or the size is too large.
 * @throws {@link ExnFailNetworkErrno} "setsockopt failed" if the system refuses the value.
 */
export function udpSetReceiveBufferSize(socket: Udp, size: number | bigint): void {
  const who = 'udp-set-receive-buffer-size!';
  const sock = checkUdp(who, socket);
  check(who, isExactPositiveInteger, 'exact-positive-integer?', size);
  sock.checkOpen(who);
  if (typeof size === 'bigint' || !Number.isSafeInteger(size)) {
    throw sizeTooLargeError(who, size);
  }
  const node = sock.systemSocket;
  if (node !== null) {
    setOption(who, () => node.setRecvBufferSize(Math.min(size, MAX_BUFFER_SIZE)));
    sock.updateReceiveLimit();
  }
  sock.options.receiveBufferSize = size;
}
