/**
 * The benchmark's workloads, their sizes, and what one measurement reports.
 *
 * Every workload is written three ways (racket-net's public API, raw `node:net`/`node:dgram`,
 * and a Racket CS program under `bench/`); each measurement runs in a fresh child process.
 */

export type Impl = 'racket-net' | 'node' | 'racket';
export const IMPLS: readonly Impl[] = ['racket-net', 'node', 'racket'];

export type WorkloadName =
  'tcp-bulk' | 'tcp-pingpong' | 'tcp-churn' | 'udp-pingpong' | 'fanin-10' | 'fanin-1000' | 'memory';

/** Sizes of one run; every field can be set by env (`BENCH_BULK_BYTES`…) or a flag. */
export interface Sizes {
  /** TCP bulk: bytes sent one way. */
  readonly bulkBytes: number;
  /** TCP bulk: bytes per write, and the reader's buffer. */
  readonly bulkChunk: number;
  /** Ping-pong round trips (TCP and UDP). */
  readonly rounds: number;
  /** Bytes per ping and per pong. */
  readonly messageSize: number;
  /** Connection churn: connections made and closed. */
  readonly churn: number;
  /** Fan-in: idle connections in the small and the large case, and active round trips. */
  readonly fanInSmall: number;
  readonly fanInLarge: number;
  readonly fanInRounds: number;
  /** Memory: idle connections held open. */
  readonly memoryConnections: number;
}

export const FULL_SIZES: Sizes = {
  bulkBytes: 256 * 1024 * 1024,
  bulkChunk: 64 * 1024,
  rounds: 20_000,
  messageSize: 64,
  churn: 2_000,
  fanInSmall: 10,
  fanInLarge: 1_000,
  fanInRounds: 10_000,
  memoryConnections: 2_000,
};

/** Tiny sizes: every workload in well under a second (the test suite runs these). */
export const SMALL_SIZES: Sizes = {
  bulkBytes: 1024 * 1024 + 123,
  bulkChunk: 64 * 1024,
  rounds: 100,
  messageSize: 64,
  churn: 20,
  fanInSmall: 2,
  fanInLarge: 20,
  fanInRounds: 50,
  memoryConnections: 20,
};

const ENV_NAMES: Record<keyof Sizes, string> = {
  bulkBytes: 'BENCH_BULK_BYTES',
  bulkChunk: 'BENCH_BULK_CHUNK',
  rounds: 'BENCH_ROUNDS',
  messageSize: 'BENCH_MESSAGE_SIZE',
  churn: 'BENCH_CHURN',
  fanInSmall: 'BENCH_FANIN_SMALL',
  fanInLarge: 'BENCH_FANIN_LARGE',
  fanInRounds: 'BENCH_FANIN_ROUNDS',
  memoryConnections: 'BENCH_MEMORY_CONNECTIONS',
};

/** `base` with every size that `env` sets (`BENCH_ROUNDS=500`…) replaced. */
export function sizesFromEnv(base: Sizes, env: NodeJS.ProcessEnv = process.env): Sizes {
  const out: Record<string, number> = { ...base };
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const v = env[name];
    if (v !== undefined && v !== '') {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: expected a positive integer`);
      out[key] = n;
    }
  }
  return out as unknown as Sizes;
}

/** Flag name (`--bulk-bytes`) for each size. */
export const FLAG_NAMES: Record<keyof Sizes, string> = {
  bulkBytes: '--bulk-bytes',
  bulkChunk: '--bulk-chunk',
  rounds: '--rounds',
  messageSize: '--message-size',
  churn: '--churn',
  fanInSmall: '--fanin-small',
  fanInLarge: '--fanin-large',
  fanInRounds: '--fanin-rounds',
  memoryConnections: '--memory-connections',
};

/** What one measurement reports (a child process prints it as one JSON line). */
export interface Measurement {
  /** The rate (or bytes per connection for `memory`). */
  readonly value: number;
  /** Work actually done, checked against the sizes: bytes moved, round trips, connections. */
  readonly count: number;
  readonly ms: number;
}

export interface WorkloadInfo {
  readonly name: WorkloadName;
  readonly title: string;
  readonly unit: string;
  /** Whether a higher value is better (rates) or a lower one (memory). */
  readonly higherIsBetter: boolean;
  /** The count a correct run reports. */
  readonly expectedCount: (s: Sizes) => number;
  /** Racket CS program under `bench/` and its command-line arguments. */
  readonly racket: { readonly file: string; readonly args: (s: Sizes) => number[] } | null;
  /** Needs many file descriptors: run under a raised `ulimit -n`. */
  readonly manyFds: boolean;
}

export const WORKLOADS: readonly WorkloadInfo[] = [
  {
    name: 'tcp-bulk',
    title: 'TCP bulk',
    unit: 'MB/s',
    higherIsBetter: true,
    expectedCount: (s) => s.bulkBytes,
    racket: { file: 'tcp-bulk.rkt', args: (s) => [s.bulkBytes, s.bulkChunk] },
    manyFds: false,
  },
  {
    name: 'tcp-pingpong',
    title: 'TCP ping-pong',
    unit: 'round trips/s',
    higherIsBetter: true,
    expectedCount: (s) => s.rounds,
    racket: { file: 'tcp-pingpong.rkt', args: (s) => [s.rounds, s.messageSize, 0] },
    manyFds: false,
  },
  {
    name: 'tcp-churn',
    title: 'Connection churn',
    unit: 'connections/s',
    higherIsBetter: true,
    expectedCount: (s) => s.churn,
    racket: { file: 'tcp-churn.rkt', args: (s) => [s.churn] },
    manyFds: false,
  },
  {
    name: 'udp-pingpong',
    title: 'UDP ping-pong',
    unit: 'round trips/s',
    higherIsBetter: true,
    expectedCount: (s) => s.rounds,
    racket: { file: 'udp-pingpong.rkt', args: (s) => [s.rounds, s.messageSize] },
    manyFds: false,
  },
  {
    name: 'fanin-10',
    title: 'Fan-in, few idle',
    unit: 'round trips/s',
    higherIsBetter: true,
    expectedCount: (s) => s.fanInRounds,
    racket: {
      file: 'tcp-pingpong.rkt',
      args: (s) => [s.fanInRounds, s.messageSize, s.fanInSmall],
    },
    manyFds: true,
  },
  {
    name: 'fanin-1000',
    title: 'Fan-in, many idle',
    unit: 'round trips/s',
    higherIsBetter: true,
    expectedCount: (s) => s.fanInRounds,
    racket: {
      file: 'tcp-pingpong.rkt',
      args: (s) => [s.fanInRounds, s.messageSize, s.fanInLarge],
    },
    manyFds: true,
  },
  {
    name: 'memory',
    title: 'Memory per idle connection',
    unit: 'bytes',
    higherIsBetter: false,
    expectedCount: (s) => s.memoryConnections,
    racket: { file: 'tcp-memory.rkt', args: (s) => [s.memoryConnections] },
    manyFds: true,
  },
];
