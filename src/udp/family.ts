/**
 * A UDP socket's address family (fixed when it is opened) and which of a host's addresses such
 * a socket can use, as Linux decides it for Racket.
 */
import { type Family, type ResolvedAddress } from '../network/resolve.js';

export type { Family };

/** The any-address a socket of `family` binds to when no host is given. */
export const wildcardAddress = (family: Family): string => (family === 4 ? '0.0.0.0' : '::');

/**
 * The first address a socket of `family` can send to or connect to, or `null`. An IPv6 socket
 * reaches IPv4 addresses through their v4-mapped form (`::ffff:127.0.0.1`), as Linux lets an
 * IPv6 socket send to an IPv4 address.
 */
export function reachableAddress(
  addresses: readonly ResolvedAddress[],
  family: Family,
): ResolvedAddress | null {
  if (family === 6) {
    const first = addresses[0];
    if (first === undefined) return null;
    return first.family === 6 ? first : { address: `::ffff:${first.address}`, family: 4 };
  }
  return addresses.find((a) => a.family === 4) ?? null;
}

/** The first address a socket of `family` can bind to, or `null`. */
export function bindableAddress(
  addresses: readonly ResolvedAddress[],
  family: Family,
): string | null {
  return addresses.find((a) => a.family === family)?.address ?? null;
}
