/**
 * The TLS rows of the benchmark (kept apart from `config.ts`, which lists them): handshakes per
 * second, one connection at a time, and bulk MB/s one way over one connection.
 */
import type { Sizes, WorkloadInfo } from './config.js';

/** Handshakes per run: a quarter of the churn row's connections (a handshake costs more). */
export const handshakeCount = (s: Sizes): number => Math.ceil(s.churn / 4);

export const TLS_WORKLOADS: readonly WorkloadInfo[] = [
  {
    name: 'tls-handshake',
    title: 'TLS handshakes, sequential',
    unit: 'handshakes/s',
    higherIsBetter: true,
    expectedCount: handshakeCount,
    racket: { file: 'tls-handshake.rkt', args: (s) => [handshakeCount(s)] },
    manyFds: false,
  },
  {
    name: 'tls-bulk',
    title: 'TLS bulk, writer in thread',
    unit: 'MB/s',
    higherIsBetter: true,
    expectedCount: (s) => s.bulkBytes,
    racket: { file: 'tls-bulk.rkt', args: (s) => [s.bulkBytes, s.bulkChunk] },
    manyFds: false,
  },
];
