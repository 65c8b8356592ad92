/**
 * Multicast group memberships of a socket that has no system socket yet.
 *
 * Node cannot join a group before binding (libuv would bind the socket behind Node's back, and
 * a later `udpBind` would fail), while Racket joins on the unbound socket at once. So until the
 * socket binds, racket-net keeps the memberships here, answering joins and leaves as Linux's
 * `IP_ADD_MEMBERSHIP` / `IP_DROP_MEMBERSHIP` would, and joins them when the socket binds.
 * Interfaces are matched by address; a join with `0.0.0.0` lets the kernel pick the interface.
 */
import { networkInterfaces } from 'node:os';

export interface Membership {
  readonly group: string;
  /** The interface's IPv4 address as given, `0.0.0.0` for "the kernel chooses". */
  readonly interfaceAddress: string;
}

/** Why a join or leave fails, as the errno Linux gives. */
export type MembershipFailure = 'EINVAL' | 'ENODEV' | 'EADDRINUSE' | 'EADDRNOTAVAIL';

export const ANY_INTERFACE = '0.0.0.0';

/** 224.0.0.0/4. */
export function isMulticastIPv4(address: string): boolean {
  const first = Number(address.split('.')[0]);
  return first >= 224 && first <= 239;
}

/** The name of the interface that owns `address` (IPv4), or null if none does. */
export function interfaceOwning(address: string): string | null {
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (addresses?.some((a) => a.family === 'IPv4' && a.address === address)) return name;
  }
  return null;
}

export class MembershipList {
  #memberships: (Membership & { readonly device: string })[] = [];

  get all(): readonly Membership[] {
    return this.#memberships;
  }

  join(group: string, interfaceAddress: string): MembershipFailure | null {
    if (!isMulticastIPv4(group)) return 'EINVAL';
    // The kernel keys a membership by group and device; "any" picks a device by route.
    const device = interfaceAddress === ANY_INTERFACE ? '*' : interfaceOwning(interfaceAddress);
    if (device === null) return 'ENODEV';
    if (this.#memberships.some((m) => m.group === group && m.device === device)) {
      return 'EADDRINUSE';
    }
    this.#memberships.push({ group, interfaceAddress, device });
    return null;
  }

  /** As Linux: "any" leaves the group's first membership, an address only one joined with it. */
  leave(group: string, interfaceAddress: string): MembershipFailure | null {
    const i = this.#memberships.findIndex(
      (m) =>
        m.group === group &&
        (interfaceAddress === ANY_INTERFACE || m.interfaceAddress === interfaceAddress),
    );
    if (i < 0) return 'EADDRNOTAVAIL';
    this.#memberships.splice(i, 1);
    return null;
  }
}
