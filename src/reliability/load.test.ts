/**
 * Load: many concurrent TCP connections each echoing their own data (in a child process with
 * a raised `ulimit -n`), with zero bytes lost or reordered; a UDP flood into a socket nobody
 * reads, whose receive queue stays within its bound while drops are counted.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { udpBind, udpClose, udpDroppedCount, udpOpenSocket, udpReceiveNowait } from '../index.js';
import { DATAGRAM_OVERHEAD } from '../udp/receive-queue.js';
import { type Udp } from '../udp/socket.js';
import { udpAddresses } from '../udp/addresses.js';
import { assertCleanExit, recordFigures, runScript, scale } from './support.js';

test('load: concurrent TCP connections each echo their own bytes, none lost or reordered', async () => {
  const n = scale(300, 5000);
  const size = scale(4096, 8192);
  const run = await runScript('child-load', [String(n), String(size)], {
    ulimit: 20000,
    timeoutMs: scale(30_000, 300_000),
  });
  assertCleanExit(run);
  const r = run.result;
  const detail = JSON.stringify(r);
  assert.deepEqual(r.failures, [], detail);
  assert.equal(r.connectionsWithWrongBytes, 0, detail);
  assert.equal(r.bytesEchoed, n * size, detail);
  // Both ends of every connection were open at once (plus the listener).
  assert.ok((r.socketsHeld as number) >= 2 * n, detail);
  recordFigures('load:tcp-echo', { ...r, bytesLost: n * size - (r.bytesEchoed as number) });
});

test('load: a UDP flood into a socket nobody reads stays bounded; drops are counted', async () => {
  const count = scale(20_000, 400_000);
  const size = 1000;
  const receiver: Udp = await udpOpenSocket('127.0.0.1');
  await udpBind(receiver, '127.0.0.1', 0);
  const port = udpAddresses(receiver, true)[1];
  // The flood comes from another process, so this one's event loop is free to take every
  // datagram from the kernel: then racket-net's own queue, not the kernel, must do the bounding.
  const before = process.memoryUsage();
  let maxGrowth = 0;
  const sample = setInterval(() => {
    const now = process.memoryUsage();
    const growth = now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers;
    maxGrowth = Math.max(maxGrowth, growth);
  }, 20);
  const flood = await runNodeSource(
    `const s = require('node:dgram').createSocket('udp4');
     const payload = Buffer.alloc(${size});
     let sent = 0;
     (function burst() {
       for (let k = 0; k < 200 && sent < ${count}; k++, sent++) s.send(payload, ${port}, '127.0.0.1');
       if (sent < ${count}) setImmediate(burst); else s.close(() => console.log(sent));
     })();`,
  );
  clearInterval(sample);
  await new Promise((r) => setTimeout(r, 100)); // the last datagrams arrive
  const dropped = udpDroppedCount(receiver);
  // Drain the queue, charging each datagram as the queue does: it must be within its bound.
  let queued = 0;
  let queuedBytes = 0;
  const buffer = new Uint8Array(2048);
  for (;;) {
    const [got] = udpReceiveNowait(receiver, buffer);
    if (got === false) break;
    queued++;
    queuedBytes += got + DATAGRAM_OVERHEAD;
  }
  const limit = receiver.receiveQueue.limit;
  udpClose(receiver);
  assert.equal(flood.trim(), String(count));
  assert.ok(queuedBytes <= limit, `queued ${queuedBytes} bytes, bound ${limit}`);
  assert.ok(dropped > 0, `a flood this size must overflow the queue (queued ${queued})`);
  // The kernel may drop some before Node reads them; racket-net never holds more than it counts.
  assert.ok(queued + dropped <= count);
  // Memory: the queue's bound plus noise, never the flood's size (20 MB short, 400 MB long).
  assert.ok(maxGrowth < 32 * 1024 * 1024, `memory grew by ${maxGrowth} bytes`);
  recordFigures('load:udp-flood', {
    datagramsSent: count,
    bytesSent: count * size,
    queued,
    queuedBytes,
    queueBound: limit,
    droppedAndCounted: dropped,
    droppedByKernel: count - queued - dropped,
    maxMemoryGrowth: maxGrowth,
  });
});

/** Runs CommonJS `source` in a fresh Node process; resolves with its stdout. */
function runNodeSource(source: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
  });
}
