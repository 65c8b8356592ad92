/** Runs one workload of one implementation in this process (both ends here). */
import { type Impl, type Measurement, type Sizes, type WorkloadName } from './config.js';
import * as node from './node-workloads.js';
import * as rnet from './rnet-workloads.js';
import { nodeUdpPingPong, rnetUdpPingPong } from './udp-workloads.js';
import * as unix from './unix-workloads.js';
import * as tls from './tls-workloads.js';
import { handshakeCount } from './tls-config.js';

/** The writer in a `thread`, the reader in the caller's: the unix and TLS bulk rows. */
const WRITER_THREAD: rnet.BulkThreads = { reader: false, writer: true };

/** Where racket-net's reader and writer run in each TCP bulk row (raw Node has one way). */
const BULK_THREADS: Partial<Record<WorkloadName, rnet.BulkThreads>> = {
  'tcp-bulk': WRITER_THREAD,
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
      return impl === 'racket-net'
        ? rnet.bulk(rnet.TCP, s, BULK_THREADS[name]!)
        : node.bulk(node.tcpListen, s);
    case 'tcp-pingpong':
      return impl === 'racket-net'
        ? rnet.pingPong(rnet.TCP, s.rounds, s.messageSize, 0)
        : node.pingPong(node.tcpListen, s.rounds, s.messageSize, 0);
    case 'tcp-churn':
      return w.tcpChurn(s.churn);
    case 'unix-pingpong':
      return impl === 'racket-net'
        ? rnet.pingPong(unix.UNIX, s.rounds, s.messageSize, 0)
        : node.pingPong(unix.nodeUnixListen, s.rounds, s.messageSize, 0);
    case 'unix-bulk':
      return impl === 'racket-net'
        ? rnet.bulk(unix.UNIX, s, WRITER_THREAD)
        : node.bulk(unix.nodeUnixListen, s);
    case 'tls-handshake':
      return (impl === 'racket-net' ? tls.rnetTlsHandshake : tls.nodeTlsHandshake)(
        handshakeCount(s),
      );
    case 'tls-bulk':
      return impl === 'racket-net'
        ? rnet.bulk(tls.TLS, s, WRITER_THREAD)
        : node.bulk(tls.nodeTlsListen, s);
    case 'udp-pingpong':
      return impl === 'racket-net'
        ? rnetUdpPingPong(s.rounds, s.messageSize)
        : nodeUdpPingPong(s.rounds, s.messageSize);
    case 'fanin-10':
      return impl === 'racket-net'
        ? rnet.pingPong(rnet.TCP, s.fanInRounds, s.messageSize, s.fanInSmall)
        : node.pingPong(node.tcpListen, s.fanInRounds, s.messageSize, s.fanInSmall);
    case 'fanin-1000':
      return impl === 'racket-net'
        ? rnet.pingPong(rnet.TCP, s.fanInRounds, s.messageSize, s.fanInLarge)
        : node.pingPong(node.tcpListen, s.fanInRounds, s.messageSize, s.fanInLarge);
    case 'memory':
      return w.tcpMemory(s.memoryConnections);
    default:
      throw new Error(`${name} is a server workload: see server-child.ts`);
  }
}
