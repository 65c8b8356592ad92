/**
 * The benchmark's workloads, their sizes, and what one measurement reports.
 *
 * Every workload is written three ways (racket-net's public API, raw `node:net`/`node:dgram`,
 * and a Racket CS program under `bench/`); each measurement runs in a fresh child process. Most
 * run both ends in that process; a server workload runs the server there and drives it from
 * another process (`wrk`, or the bench's own length-prefixed client, `lp-client.ts`).
 */
import { type ServerSetup, SERVER_WORKLOADS } from './server-config.js';
import { TLS_WORKLOADS } from './tls-config.js';

export type Impl = 'racket-net' | 'node' | 'racket';
export const IMPLS: readonly Impl[] = ['racket-net', 'node', 'racket'];

export type WorkloadName =
  | 'tcp-bulk'
  | 'tcp-bulk-both-threads'
  | 'tcp-bulk-reader-thread'
  | 'tcp-bulk-no-threads'
  | 'tcp-pingpong'
  | 'tcp-churn'
  | 'unix-pingpong'
  | 'unix-bulk'
  | 'tls-handshake'
  | 'tls-bulk'
  | 'udp-pingpong'
  | 'fanin-10'
  | 'fanin-1000'
  | 'memory'
  | 'http-keepalive'
  | 'http-keepalive-buffer'
  | 'http-pipelined'
  | 'http-pipelined-buffer'
  | 'http-many'
  | 'http-many-buffer'
  | 'lp-lockstep'
  | 'lp-pipelined';

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
  /** Server workloads: how long the load client runs, in ms (`wrk` rounds up to whole seconds). */
  readonly loadMs: number;
  /** HTTP: keep-alive connections of the keep-alive and pipelined rows, and of the many row. */
  readonly httpConnections: number;
  readonly httpManyConnections: number;
  /** HTTP: requests `wrk` sends in one write in the pipelined rows. */
  readonly httpPipeline: number;
  /** Length-prefixed protocol: clients, requests each keeps in flight when pipelined, payload. */
  readonly lpClients: number;
  readonly lpInFlight: number;
  readonly lpPayload: number;
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
  loadMs: 5_000,
  httpConnections: 64,
  httpManyConnections: 2_000,
  httpPipeline: 16,
  lpClients: 50,
  lpInFlight: 16,
  lpPayload: 32,
};

/**
 * Tiny sizes: every workload in well under a second (the test suite runs these), except that
 * `wrk` runs for at least a second.
 */
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
  loadMs: 300,
  httpConnections: 4,
  httpManyConnections: 50,
  httpPipeline: 16,
  lpClients: 4,
  lpInFlight: 16,
  lpPayload: 32,
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
  loadMs: 'BENCH_LOAD_MS',
  httpConnections: 'BENCH_HTTP_CONNECTIONS',
  httpManyConnections: 'BENCH_HTTP_MANY_CONNECTIONS',
  httpPipeline: 'BENCH_HTTP_PIPELINE',
  lpClients: 'BENCH_LP_CLIENTS',
  lpInFlight: 'BENCH_LP_IN_FLIGHT',
  lpPayload: 'BENCH_LP_PAYLOAD',
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
  loadMs: '--load-ms',
  httpConnections: '--http-connections',
  httpManyConnections: '--http-many-connections',
  httpPipeline: '--http-pipeline',
  lpClients: '--lp-clients',
  lpInFlight: '--lp-in-flight',
  lpPayload: '--lp-payload',
};

/** What one measurement reports (a child process prints it as one JSON line). */
export interface Measurement {
  /** The rate (or bytes per connection for `memory`). */
  readonly value: number;
  /** Work actually done, checked against the sizes: bytes moved, round trips, connections. */
  readonly count: number;
  readonly ms: number;
  /** What ran the measured code: `Node v20.20.2`, `Racket 8.7 [cs]`. */
  readonly runtime?: string;
  /** Server workloads: the 99th percentile of request latency, in ms. */
  readonly p99Ms?: number;
  /** `wrk` rows: requests that got no response within `wrk --timeout`. */
  readonly timeouts?: number;
  /** Server workloads: connect, read and write errors, and non-2xx responses, the load client saw. */
  readonly errors?: number;
}

export interface WorkloadInfo {
  readonly name: WorkloadName;
  readonly title: string;
  readonly unit: string;
  /** Whether a higher value is better (rates) or a lower one (memory). */
  readonly higherIsBetter: boolean;
  /**
   * The count a correct run reports; `null` for a load that runs for a time, where any positive
   * count is correct.
   */
  readonly expectedCount: (s: Sizes) => number | null;
  /** Racket CS program under `bench/` and its command-line arguments. */
  readonly racket: { readonly file: string; readonly args: (s: Sizes) => number[] } | null;
  /** Needs many file descriptors: run under a raised `ulimit -n`. */
  readonly manyFds: boolean;
  /**
   * A row that measures another way of writing racket-net's side of workload `baseline`: its
   * raw Node and Racket CS columns are that row's measurements, not measured again.
   */
  readonly baseline?: WorkloadName;
  /** Set for a server workload (measured under a load client); absent: both ends in one child. */
  readonly server?: ServerSetup;
}

/** TCP bulk with racket-net's reader and writer each inside a `thread` or not. */
const bulkRow = (name: WorkloadName, title: string): WorkloadInfo => ({
  name,
  title,
  unit: 'MB/s',
  higherIsBetter: true,
  expectedCount: (s) => s.bulkBytes,
  racket: null,
  manyFds: false,
  baseline: 'tcp-bulk',
});

export const WORKLOADS: readonly WorkloadInfo[] = [
  {
    name: 'tcp-bulk',
    title: 'TCP bulk, writer in thread',
    unit: 'MB/s',
    higherIsBetter: true,
    expectedCount: (s) => s.bulkBytes,
    racket: { file: 'tcp-bulk.rkt', args: (s) => [s.bulkBytes, s.bulkChunk] },
    manyFds: false,
  },
  bulkRow('tcp-bulk-both-threads', 'TCP bulk, both in threads'),
  bulkRow('tcp-bulk-reader-thread', 'TCP bulk, reader in thread'),
  bulkRow('tcp-bulk-no-threads', 'TCP bulk, no threads'),
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
    name: 'unix-pingpong',
    title: 'Unix socket ping-pong',
    unit: 'round trips/s',
    higherIsBetter: true,
    expectedCount: (s) => s.rounds,
    racket: { file: 'unix-pingpong.rkt', args: (s) => [s.rounds, s.messageSize] },
    manyFds: false,
  },
  {
    name: 'unix-bulk',
    title: 'Unix socket bulk, writer in thread',
    unit: 'MB/s',
    higherIsBetter: true,
    expectedCount: (s) => s.bulkBytes,
    racket: { file: 'unix-bulk.rkt', args: (s) => [s.bulkBytes, s.bulkChunk] },
    manyFds: false,
  },
  ...TLS_WORKLOADS,
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
  ...SERVER_WORKLOADS,
];

/** The workload named `name` (every `baseline` names one). */
export function workloadNamed(name: WorkloadName): WorkloadInfo {
  const w = WORKLOADS.find((x) => x.name === name);
  if (w === undefined) throw new Error(`no workload ${name}`);
  return w;
}
