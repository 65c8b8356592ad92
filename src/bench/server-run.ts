/**
 * One measurement of a server workload: the server in a child process of its own, the load
 * client (`wrk`, or `lp-client.js` under the benchmark's own Node) in another.
 */
import { type Measurement, type Sizes } from './config.js';
import { type LoadShape } from './server-config.js';
import { runForJson, startServerChild } from './processes.js';
import { type ServerReady } from './server-protocols.js';
import { runWrk } from './wrk.js';

/** What to start and how to load it. */
export interface ServerMeasurement {
  /** The server's command line; it prints a {@link ServerReady} line once it listens. */
  readonly serverArgv: readonly string[];
  readonly load: LoadShape;
  readonly sizes: Sizes;
  /** `lp-client.js`'s path. */
  readonly lpClient: string;
  /** Server and load client need a raised `ulimit -n`. */
  readonly manyFds: boolean;
  /** Told what the server printed on stderr, if anything. */
  readonly warn: (text: string) => void;
}

/** Starts the server, runs the load against it, stops it. */
export async function measureServer(m: ServerMeasurement): Promise<Measurement> {
  const server = await startServerChild<ServerReady>(m.serverArgv, m.manyFds);
  let result: Measurement;
  try {
    const { port } = server.ready;
    const load = m.load;
    result =
      load.client === 'wrk'
        ? await runWrk({
            port,
            connections: load.connections,
            pipeline: load.pipeline,
            ms: m.sizes.loadMs,
            manyFds: m.manyFds,
          })
        : await runForJson<Measurement>(
            [
              process.execPath,
              m.lpClient,
              ...[port, load.clients, load.inFlight, m.sizes.lpPayload, m.sizes.loadMs].map(String),
            ],
            m.manyFds,
          );
  } finally {
    const stderr = (await server.stop()).trim();
    if (stderr !== '') m.warn(`server stderr: ${stderr.split('\n').slice(0, 3).join(' | ')}`);
  }
  return { ...result, runtime: server.ready.runtime };
}
