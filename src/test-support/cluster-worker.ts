/**
 * A `node:cluster` worker for the interop test: listens with `tcpListen` on the port the
 * primary gives it (shared by every worker) and answers each connection with its worker id.
 */
import cluster from 'node:cluster';
import { closeInputPort, closeOutputPort, tcpListen, writeString } from '../index.js';
import { inConnections } from '../interop/in-connections.js';

const port = Number(process.env.RNET_CLUSTER_PORT);
const listener = await tcpListen(port, 16, true, '127.0.0.1');
process.send?.('listening');
for await (const [input, output] of inConnections(listener)) {
  await writeString(`worker ${cluster.worker?.id}\n`, output);
  closeInputPort(input);
  await closeOutputPort(output);
}
