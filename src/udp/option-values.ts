/**
 * The option values a socket keeps (TTL, receive buffer size, multicast settings and
 * memberships); the procedures that get and set them are in `options.ts` and `multicast.ts`.
 *
 * Racket reads and sets these with getsockopt/setsockopt at any time. Node has no getters and
 * its setters need a bound socket, and racket-net creates the system socket only when the
 * socket binds (see `Udp`). So the values set are kept here, are what the getters report, and
 * are applied to the system socket as soon as it exists; after that each setter also applies
 * its value at once.
 */
import { readFileSync } from 'node:fs';
import { type Socket } from 'node:dgram';
import { ANY_INTERFACE, MembershipList } from './memberships.js';

/** Node's buffer-size setter takes a C `int`; the kernel caps the value at its maximum anyway. */
export const MAX_BUFFER_SIZE = 2 ** 31 - 1;

/** The values set on one socket, applied to its system socket once that exists. */
export class OptionValues {
  /** `null`: never set, so the system default applies. */
  ttl: number | null = null;
  multicastTtl: number | null = null;
  multicastLoopback: boolean | null = null;
  /** A numeric IPv4 address; `0.0.0.0` lets the kernel choose. */
  multicastInterface: string | null = null;
  receiveBufferSize: number | null = null;
  /** Joined before the socket was bound; joined for real when it binds. */
  readonly memberships = new MembershipList();

  /**
   * Applies every value set so far to a freshly bound system socket. The values were checked
   * when they were set, so a failure here (none is expected) is ignored rather than failing
   * the bind or send that made the socket.
   */
  applyTo(socket: Socket): void {
    const attempt = (apply: () => void): void => {
      try {
        apply();
      } catch {
        // See above.
      }
    };
    // Racket sets SO_BROADCAST on every UDP socket.
    attempt(() => socket.setBroadcast(true));
    const { ttl, multicastTtl, multicastLoopback, multicastInterface, receiveBufferSize } = this;
    if (ttl !== null) attempt(() => socket.setTTL(ttl));
    if (multicastTtl !== null) attempt(() => socket.setMulticastTTL(multicastTtl));
    if (multicastLoopback !== null) attempt(() => socket.setMulticastLoopback(multicastLoopback));
    if (multicastInterface !== null && multicastInterface !== ANY_INTERFACE) {
      attempt(() => socket.setMulticastInterface(multicastInterface));
    }
    if (receiveBufferSize !== null) {
      attempt(() => socket.setRecvBufferSize(Math.min(receiveBufferSize, MAX_BUFFER_SIZE)));
    }
    for (const { group, interfaceAddress } of this.memberships.all) {
      attempt(() =>
        socket.addMembership(
          group,
          interfaceAddress === ANY_INTERFACE ? undefined : interfaceAddress,
        ),
      );
    }
  }
}

let systemDefaultTtl: number | undefined;

/** The TTL a new socket has: Linux's `ip_default_ttl` (64 unless configured otherwise). */
export function defaultTtl(): number {
  if (systemDefaultTtl === undefined) {
    systemDefaultTtl = 64;
    try {
      const value = Number(readFileSync('/proc/sys/net/ipv4/ip_default_ttl', 'utf8').trim());
      if (Number.isInteger(value) && value >= 1 && value <= 255) systemDefaultTtl = value;
    } catch {
      // Not Linux: 64 is the usual default elsewhere too.
    }
  }
  return systemDefaultTtl;
}
