/** Runs one workload of one implementation in this process. */
import { type Impl, type Measurement, type Sizes, type WorkloadName } from './config.js';
import * as node from './node-workloads.js';
import * as rnet from './rnet-workloads.js';
import { nodeUdpPingPong, rnetUdpPingPong } from './udp-workloads.js';

export function runWorkload(
  impl: Exclude<Impl, 'racket'>,
  name: WorkloadName,
  s: Sizes,
): Promise<Measurement> {
  const w = impl === 'racket-net' ? rnet : node;
  switch (name) {
    case 'tcp-bulk':
      return w.tcpBulk(s);
    case 'tcp-pingpong':
      return w.tcpPingPong(s.rounds, s.messageSize, 0);
    case 'tcp-churn':
      return w.tcpChurn(s.churn);
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
  }
}
