/**
 * A server workload's server in a fresh process: `node server-child.js racket-net|node SERVER`
 * listens on an ephemeral loopback port, prints a {@link ServerReady} JSON line, serves until
 * its stdin closes, then exits. SERVER is one of racket-net's servers (`http-lines`,
 * `http-buffer`, `lp`) or, for raw Node, a protocol (`http`, `lp`).
 */
import { type RnetServerName } from './server-config.js';
import { startNodeServer } from './node-servers.js';
import { startRnetServer } from './rnet-servers.js';
import { type ServerReady } from './server-protocols.js';

const RNET_SERVERS: readonly string[] = ['http-lines', 'http-buffer', 'lp'];
const [impl, server] = process.argv.slice(2);
let port: number;
if (impl === 'racket-net' && server !== undefined && RNET_SERVERS.includes(server)) {
  port = await startRnetServer(server as RnetServerName);
} else if (impl === 'node' && (server === 'http' || server === 'lp')) {
  port = await startNodeServer(server);
} else {
  process.stderr.write(
    'usage: node server-child.js racket-net http-lines|http-buffer|lp | node http|lp\n',
  );
  process.exit(2);
}
const ready: ServerReady = { port, runtime: `Node ${process.version}` };
process.stdout.write(`${JSON.stringify(ready)}\n`);
process.stdin.on('end', () => process.exit(0)).resume();
