/**
 * Name resolution for UDP, as Racket does it: every address of a host in the resolver's order,
 * then the first one the socket's family can use. Numeric addresses need no resolver and are
 * answered at once, so a send to `"127.0.0.1"` never waits for a lookup.
 */
import { lookup } from 'node:dns';
import { readFileSync } from 'node:fs';
import { isIP, isIPv4 } from 'node:net';
import {
  NOT_READY,
  type NotReady,
  PrimitiveEvt,
  type Unwatch,
  type Waiter,
  WaiterSet,
} from '../evt/evt.js';
import { gaiErrno } from '../exn/errno.js';
import { type ExnFailNetworkErrno } from '../exn/exn.js';
import { racketPrint } from '../exn/print.js';
import { addressFields, systemCallError } from './errors.js';

export type Family = 4 | 6;

export interface ResolvedAddress {
  readonly address: string;
  readonly family: Family;
}

/**
 * A lookup of `host` as an event: ready once the resolver answers; its result is every address,
 * or it raises Racket's `can't resolve address` error. Started when made, so an event such as
 * `udpSendToEvt` resolves once, however often it is synced.
 */
export class LookupEvt extends PrimitiveEvt<readonly ResolvedAddress[]> {
  #addresses: readonly ResolvedAddress[] | null = null;
  #error: ExnFailNetworkErrno | null = null;
  readonly #waiters = new WaiterSet();

  /** `port` (or `false`) appears in the error message only; `which` is `""`, `"multicast "`…. */
  constructor(who: string, host: string, port: number | false, which = '') {
    super();
    const fail = (cause: unknown): void => {
      this.#error = systemCallError(
        who,
        `can't resolve ${which}address`,
        addressFields(host, port),
        cause,
      );
      this.#waiters.wakeAll();
    };
    const family = isIP(host);
    if (family !== 0) this.#addresses = [{ address: host, family: family as Family }];
    // glibc's answer for an empty name (Node would warn and answer nothing).
    else if (host === '') fail(gaiErrno('EAI_NONAME'));
    else {
      lookup(host, { all: true, verbatim: true }, (error, addresses) => {
        if (error) return fail(error);
        if (addresses.length === 0) return fail(gaiErrno('EAI_NONAME'));
        this.#addresses = addresses.map((a) => ({
          address: a.address,
          family: a.family as Family,
        }));
        this.#waiters.wakeAll();
      });
    }
  }

  get isSettled(): boolean {
    return this.#addresses !== null || this.#error !== null;
  }

  poll(): readonly ResolvedAddress[] | NotReady {
    if (this.#error !== null) throw this.#error;
    return this.#addresses ?? NOT_READY;
  }

  watch(waiter: Waiter): Unwatch {
    return this.#waiters.add(waiter);
  }

  [racketPrint](): string {
    return '#<evt>';
  }
}

/** Lookups of IP literals, shared: a literal resolves to itself, at once, and never fails. */
const literalLookups = new Map<string, LookupEvt>();
const MAX_LITERAL_LOOKUPS = 1024;

/** The (settled) lookup of `host` if it is an IP literal, else `null`: no parsing when cached. */
export function literalLookup(host: string): LookupEvt | null {
  const cached = literalLookups.get(host);
  if (cached !== undefined) return cached;
  if (isIP(host) === 0) return null;
  if (literalLookups.size >= MAX_LITERAL_LOOKUPS) literalLookups.clear();
  // No `who` or port: they would only appear in a failure.
  const lookup = new LookupEvt('', host, false);
  literalLookups.set(host, lookup);
  return lookup;
}

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

/**
 * Resolves `host` to an IPv4 address at once, for the multicast procedures (synchronous in
 * racket-net): numeric addresses, then the hosts file, then `localhost` (RFC 6761). A name only
 * DNS knows cannot be resolved without waiting, so it raises Racket's `can't resolve` error.
 */
export function resolveIPv4Now(who: string, host: string, which = ''): string {
  const fail = (errno: Parameters<typeof gaiErrno>[0]): never => {
    throw systemCallError(
      who,
      `can't resolve ${which}address`,
      addressFields(host, false),
      gaiErrno(errno),
    );
  };
  if (isIPv4(host)) return host;
  if (isIP(host) === 6) return fail('EAI_ADDRFAMILY');
  const name = host.toLowerCase();
  const fromHostsFile = hostsFileIPv4().get(name);
  if (fromHostsFile !== undefined) return fromHostsFile;
  if (name === 'localhost' || name.endsWith('.localhost')) return '127.0.0.1';
  return fail('EAI_NONAME');
}

/** name → first IPv4 address in /etc/hosts (read each time: it is small and rarely consulted). */
function hostsFileIPv4(): Map<string, string> {
  const names = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync('/etc/hosts', 'utf8');
  } catch {
    return names;
  }
  for (const line of text.split('\n')) {
    const [address, ...aliases] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address === undefined || !isIPv4(address)) continue;
    for (const alias of aliases)
      if (!names.has(alias.toLowerCase())) names.set(alias.toLowerCase(), address);
  }
  return names;
}
