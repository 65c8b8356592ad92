/** Runs one workload of one implementation in this process (both ends here). */
import { type Impl, type Measurement, type Sizes, type WorkloadName } from './config.js';
import * as node from './node-workloads.js';
import * as rnet from './rnet-workloads.js';
import { nodeUdpPingPong, rnetUdpPingPong } from './udp-workloads.js';
import * as unix from './unix-workloads.js';
import * as tls from './tls-workloads.js';
import { handshakeCount } from './tls-config.js';

/** Where racket-net's reader and writer run in each TCP bulk row (raw Node has one way). */
const BULK_THREADS: Partial<Record<WorkloadName, rnet.BulkThreads>> = {
  'tcp-bulk': { reader: false, writer: true },
  'tcp-bulk-both-threads': { reader: true, writer: true },
  'tcp-bulk-reader-thread': { reader: true, writer: false },
  'tcp-bulk-no-threads': { reader: false, writer: false },
};

export function runWorkload(
  impl: Exclude<Impl, 'racket'>,
  name: WorkloadName,
  s: Sizes,
): Promise<Measurement> {
  const w = impl === 'racket-net' ? rnet : node;
  switch (name) {
    case 'tcp-bulk':
    case 'tcp-bulk-both-threads':
    case 'tcp-bulk-reader-thread':
    case 'tcp-bulk-no-threads':
      return impl === 'racket-net' ? rnet.tcpBulk(s, BULK_THREADS[name]!) : node.tcpBulk(s);
    case 'tcp-pingpong':
      return w.tcpPingPong(s.rounds, s.messageSize, 0);
    case 'tcp-churn':
      return w.tcpChurn(s.churn);
    case 'unix-pingpong':
      return impl === 'racket-net'
        ? unix.rnetUnixPingPong(s.rounds, s.messageSize)
        : unix.nodeUnixPingPong(s.rounds, s.messageSize);
    case 'unix-bulk':
      return impl === 'racket-net' ? unix.rnetUnixBulk(s) : unix.nodeUnixBulk(s);
    case 'tls-handshake':
      return (impl === 'racket-net' ? tls.rnetTlsHandshake : tls.nodeTlsHandshake)(
        handshakeCount(s),
      );
    case 'tls-bulk':
      return impl === 'racket-net' ? tls.rnetTlsBulk(s) : tls.nodeTlsBulk(s);
    case 'udp-pingpong':
      return impl === 'racket-net'
        ? rnetUdpPingPong(s.rounds, s.messageSize)
        : nodeUdpPingPong(s.rounds, s.messageSize);
    case 'fanin-10':
      return w.tcpPingPong(s.fanInRounds, s.messageSize, s.fanInSmall);
    case 'fanin-1000':
      return w.tcpPingPong(s.fanInRounds, s.messageSize, s.fanInLarge);
    case 'memory':
      return w.tcpMemory(s.memoryConnections);
    default:
      throw new Error(`${name} is a server workload: see server-child.ts`);
  }
}
