/** `tcpListen` in `node:cluster` workers: two processes serving one port. */
import assert from 'node:assert/strict';
import cluster, { type Worker } from 'node:cluster';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { closeInputPort, closeOutputPort, portToString, tcpConnect } from '../index.js';
import { freePort } from '../test-support/free-port.js';

const WORKER = fileURLToPath(new URL('../test-support/cluster-worker.js', import.meta.url));

test('two cluster workers share one listening port', async () => {
  const port = await freePort();
  cluster.setupPrimary({ exec: WORKER, silent: false });
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const worker = cluster.fork({ RNET_CLUSTER_PORT: String(port) });
      workers.push(worker);
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
    }
    const seen = new Set<string>();
    // The primary hands connections to the workers in turn (round-robin on Linux).
    for (let i = 0; i < 20 && seen.size < 2; i++) {
      const [input, output] = await tcpConnect('127.0.0.1', port);
      await closeOutputPort(output);
      seen.add((await portToString(input)).trim());
      closeInputPort(input);
    }
    assert.deepEqual(
      [...seen].sort(),
      workers.map((w) => `worker ${w.id}`),
    );
  } finally {
    for (const worker of workers) worker.kill();
  }
});
