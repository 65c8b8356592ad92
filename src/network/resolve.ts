/**
 * Name resolution for every networking procedure: one lookup, as an event, so that waiting
 * for the resolver is a `sync` that a break, a kill or a custodian shutdown ends (Racket's
 * `call-with-resolved-address` in `racket/src/io/network/address.rkt`, with its
 * `#:enable-break?`). A lookup answers every address of the host, in the resolver's order;
 * callers choose among them and word a failure as their own Racket procedure does.
 *
 * Numeric addresses need no resolver: they are answered at once, so a send to `"127.0.0.1"`
 * never waits. Node cannot stop a lookup in progress, so a lookup whose wait was broken runs on
 * and its answer is dropped. `resolveIPv4Now` is the synchronous resolver of the multicast
 * procedures (numeric addresses, the hosts file, `localhost`).
 */
import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import { isIP, isIPv4 } from 'node:net';
import { syncPrimitive } from '../evt/sync.js';
import { gaiErrno, type SystemErrno, systemErrno } from '../exn/errno.js';
import { OutcomeEvt } from './outcome-evt.js';

/** An address family: IPv4 or IPv6. */
export type Family = 4 | 6;

/** One address of a host, numeric. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: Family;
}

/**
 * A lookup of one host as an event: ready once the resolver answers, with every address or
 * the errno of the failure (a gai error for an unknown name). Started when made, so an event
 * such as `udpSendToEvt` resolves once, however often it is synced.
 */
export class LookupEvt extends OutcomeEvt<readonly ResolvedAddress[], SystemErrno> {
  constructor(readonly host: string) {
    super();
    const family = isIP(host);
    if (family !== 0)
      this.settle({ ok: true, value: [{ address: host, family: family as Family }] });
    // glibc's answer for an empty name (Node would warn and answer nothing).
    else if (host === '') this.#fail(gaiErrno('EAI_NONAME'));
    else {
      // Through the module object, so that a test can stand in for the system's resolver.
      dns.lookup(host, { all: true, verbatim: true }, (error, addresses) => {
        if (error) this.#fail(systemErrno(error));
        else if (addresses.length === 0) this.#fail(gaiErrno('EAI_NONAME'));
        else {
          const value = addresses.map((a) => ({ address: a.address, family: a.family as Family }));
          this.settleNow({ ok: true, value });
        }
      });
    }
  }

  #fail(errno: SystemErrno): void {
    this.settleNow({ ok: false, error: errno });
  }
}

/** Lookups of IP literals, shared: a literal resolves to itself, at once, and never fails. */
const literalLookups = new Map<string, LookupEvt>();
const MAX_LITERAL_LOOKUPS = 1024;

/**
 * The lookup of `host`, started now: for an IP literal, a shared lookup already answered (no
 * parsing once cached), so that a send to a numeric address makes nothing new.
 */
export function lookupHost(host: string): LookupEvt {
  const cached = literalLookups.get(host);
  if (cached !== undefined) return cached;
  const lookup = new LookupEvt(host);
  if (lookup.isSettled && lookup.outcome!.ok) {
    if (literalLookups.size >= MAX_LITERAL_LOOKUPS) literalLookups.clear();
    literalLookups.set(host, lookup);
  }
  return lookup;
}

/**
 * Every address of `host`, waiting for the resolver if need be (see `awaitLookup`). A failure
 * raises `fail(errno)`, the caller's wording of it.
 */
export function resolveHost(
  enableBreak: boolean,
  host: string,
  fail: (errno: SystemErrno) => Error,
): Promise<readonly ResolvedAddress[]> {
  return awaitLookup(lookupHost(host), enableBreak, fail);
}

/**
 * The addresses `lookup` finds: a `sync` on it if it has not answered yet, ended by a break if
 * breaks are enabled (`enableBreak`: enabled for the wait whatever the thread's state), or by a
 * kill. An answered lookup (a numeric address) is taken without a wait, as Racket does. A
 * failure raises `fail(errno)`.
 */
export async function awaitLookup(
  lookup: LookupEvt,
  enableBreak: boolean,
  fail: (errno: SystemErrno) => Error,
): Promise<readonly ResolvedAddress[]> {
  const outcome = lookup.outcome ?? (await syncPrimitive(enableBreak, lookup));
  if (!outcome.ok) throw fail(outcome.error);
  return outcome.value;
}

/**
 * Resolves `host` to an IPv4 address at once, for the multicast procedures (synchronous in
 * Racket too): numeric addresses, then the hosts file, then `localhost` (RFC 6761). A name only
 * DNS knows cannot be resolved without waiting: it raises `fail` with a gai error, as an IPv6
 * address does.
 */
export function resolveIPv4Now(host: string, fail: (errno: SystemErrno) => Error): string {
  if (isIPv4(host)) return host;
  if (isIP(host) === 6) throw fail(gaiErrno('EAI_ADDRFAMILY'));
  const name = host.toLowerCase();
  const fromHostsFile = hostsFileIPv4().get(name);
  if (fromHostsFile !== undefined) return fromHostsFile;
  if (name === 'localhost' || name.endsWith('.localhost')) return '127.0.0.1';
  throw fail(gaiErrno('EAI_NONAME'));
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
    for (const alias of aliases) {
      if (!names.has(alias.toLowerCase())) names.set(alias.toLowerCase(), address);
    }
  }
  return names;
}
