/**
 * The server rows of the benchmark (kept apart from `config.ts`, which lists them): a server in
 * the measured child, driven from another process by `wrk` (HTTP) or the bench's own
 * length-prefixed client (`lp-client.ts`), in requests per second.
 */
import type { Sizes, WorkloadInfo, WorkloadName } from './config.js';

/** How the load client of a server workload drives the server. */
export type LoadShape =
  /** `wrk -t1 -cCONNECTIONS`, sending PIPELINE requests in each write. */
  | { readonly client: 'wrk'; readonly connections: number; readonly pipeline: number }
  /** `lp-client.ts`: CLIENTS connections, each keeping IN-FLIGHT requests outstanding. */
  | { readonly client: 'lp'; readonly clients: number; readonly inFlight: number };

/** The racket-net servers; raw Node and Racket CS have one per protocol. */
export type RnetServerName = 'http-lines' | 'http-buffer' | 'lp';

/** A workload that serves requests in its child process and is driven from another one. */
export interface ServerSetup {
  readonly protocol: 'http' | 'lp';
  /** How racket-net's server is written for this row. */
  readonly rnetServer: RnetServerName;
  readonly load: (s: Sizes) => LoadShape;
}

/** A workload where racket-net is driven by `wrk` or the length-prefixed load client. */
function serverWorkload(
  name: WorkloadName,
  title: string,
  server: ServerSetup,
  baseline?: WorkloadName,
): WorkloadInfo {
  const file = server.protocol === 'http' ? 'http-server.rkt' : 'lp-server.rkt';
  return {
    name,
    title,
    unit: 'requests/s',
    higherIsBetter: true,
    expectedCount: () => null,
    racket: { file, args: () => [] },
    manyFds: true,
    ...(baseline === undefined ? {} : { baseline }),
    server,
  };
}

/** `wrk` with `connections` keep-alive connections, `pipeline` requests per write. */
const wrkLoad =
  (connections: (s: Sizes) => number, pipelined: boolean) =>
  (s: Sizes): LoadShape => ({
    client: 'wrk',
    connections: connections(s),
    pipeline: pipelined ? s.httpPipeline : 1,
  });

const httpRows = (
  name: 'http-keepalive' | 'http-pipelined' | 'http-many',
  title: string,
  load: (s: Sizes) => LoadShape,
): WorkloadInfo[] => [
  serverWorkload(name, `${title}, readLine`, { protocol: 'http', rnetServer: 'http-lines', load }),
  serverWorkload(
    `${name}-buffer`,
    `${title}, readBytesAvail`,
    { protocol: 'http', rnetServer: 'http-buffer', load },
    name,
  ),
];

/** The HTTP rows (each also written with `readBytesAvail`) and the length-prefixed rows. */
export const SERVER_WORKLOADS: readonly WorkloadInfo[] = [
  ...httpRows(
    'http-keepalive',
    'HTTP keep-alive',
    wrkLoad((s) => s.httpConnections, false),
  ),
  ...httpRows(
    'http-pipelined',
    'HTTP pipelined',
    wrkLoad((s) => s.httpConnections, true),
  ),
  ...httpRows(
    'http-many',
    'HTTP many conns',
    wrkLoad((s) => s.httpManyConnections, false),
  ),
  serverWorkload('lp-lockstep', 'Length-prefixed, lockstep', {
    protocol: 'lp',
    rnetServer: 'lp',
    load: (s) => ({ client: 'lp', clients: s.lpClients, inFlight: 1 }),
  }),
  serverWorkload('lp-pipelined', 'Length-prefixed, pipelined', {
    protocol: 'lp',
    rnetServer: 'lp',
    load: (s) => ({ client: 'lp', clients: s.lpClients, inFlight: s.lpInFlight }),
  }),
];
