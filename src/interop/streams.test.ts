/**
 * The stream bridges, both ways, for Node and Web streams: data arrives intact, and a slow
 * consumer holds the producer back (memory is measured in bytes produced, not in time).
 */
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { createGunzip, createGzip } from 'node:zlib';
import {
  type InputPort,
  type OutputPort,
  closeOutputPort,
  makePipe,
  portToBytes,
  portToString,
  writeString,
} from '../index.js';
import { pause } from '../test-support/async.js';
import {
  inputPortToNodeReadable,
  inputPortToReadableStream,
  nodeReadableToInputPort,
  nodeWritableToOutputPort,
  outputPortToNodeWritable,
  outputPortToWritableStream,
  readableStreamToInputPort,
  writableStreamToOutputPort,
} from './index.js';

const CHUNK = 16 * 1024;
/** Far more than any buffer on the way: producing this much means backpressure failed. */
const BOUND = 1024 * 1024;

/** An endless Node source that counts what it was asked to produce. */
function endlessNodeSource(): { readable: Readable; produced: () => number } {
  let produced = 0;
  const readable = new Readable({
    read() {
      produced += CHUNK;
      this.push(Buffer.alloc(CHUNK, 0x61));
    },
  });
  return { readable, produced: () => produced };
}

/** An endless Web source that counts what it was asked to produce. */
function endlessWebSource(): { stream: ReadableStream<Uint8Array>; produced: () => number } {
  let produced = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      produced += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x61));
    },
  });
  return { stream, produced: () => produced };
}

const HIGH_WATER = 64 * 1024;

/** After a while unread, `port` has taken some of its source, but no more than its high-water mark. */
async function assertHoldsBack(port: InputPort, produced: () => number): Promise<void> {
  await pause(100);
  assert.ok(produced() > 0);
  assert.ok(produced() < BOUND, `produced ${produced()} bytes`);
  assert.ok(port.bufferedBytes <= HIGH_WATER + CHUNK);
}

/** Sends a long text from one pipe to another through `pump`, which must deliver it intact. */
async function assertRoundTrip(pump: (from: InputPort, to: OutputPort) => Promise<void>) {
  const [sourceIn, sourceOut] = makePipe();
  const [sinkIn, sinkOut] = makePipe();
  const text = 'racket-net '.repeat(20_000);
  const writing = (async () => {
    await writeString(text, sourceOut);
    await closeOutputPort(sourceOut);
  })();
  await pump(sourceIn, sinkOut);
  await writing;
  assert.equal(await portToString(sinkIn), text);
}

test('Node Readable -> input port: the port pauses the stream when nobody reads', async () => {
  const { readable, produced } = endlessNodeSource();
  await assertHoldsBack(nodeReadableToInputPort(readable, { highWater: HIGH_WATER }), produced);
  readable.destroy();
});

test('input port -> Node Readable -> input port: a slow consumer holds the port back', async () => {
  const { readable: source, produced } = endlessNodeSource();
  const readable = inputPortToNodeReadable(nodeReadableToInputPort(source));
  readable.pause();
  readable.on('data', () => {});
  await pause(100);
  assert.ok(produced() < BOUND, `produced ${produced()} bytes`);
  readable.destroy();
});

test('Node streams round trip through gzip: port -> Readable -> gzip -> gunzip -> Writable -> port', async () => {
  await assertRoundTrip((from, to) =>
    pipeline(
      inputPortToNodeReadable(from),
      createGzip(),
      createGunzip(),
      outputPortToNodeWritable(to),
    ),
  );
});

test('output port -> Node Writable: a stalled Writable makes writes wait', async () => {
  // A Writable that never finishes a write: after its high-water mark, writers must wait.
  const stalled = new Writable({ highWaterMark: CHUNK, write() {} });
  const port = nodeWritableToOutputPort(stalled);
  const { readable: source, produced } = endlessNodeSource();
  void pipeline(source, outputPortToNodeWritable(port)).catch(() => {});
  await pause(100);
  assert.ok(produced() < BOUND, `produced ${produced()} bytes`);
  assert.ok(stalled.writableLength <= 2 * CHUNK);
  source.destroy();
});

test('Web ReadableStream -> input port: the port stops pulling when nobody reads', async () => {
  const { stream, produced } = endlessWebSource();
  await assertHoldsBack(readableStreamToInputPort(stream, { highWater: HIGH_WATER }), produced);
});

test('input port -> Web ReadableStream: pulls only what the consumer asks for', async () => {
  const { stream: source, produced } = endlessWebSource();
  const stream = inputPortToReadableStream(readableStreamToInputPort(source));
  const reader = stream.getReader();
  const first = await reader.read();
  assert.equal(first.done, false);
  await pause(100);
  assert.ok(produced() < BOUND, `produced ${produced()} bytes`);
  await reader.cancel();
});

test('Web streams round trip through compression: port -> ReadableStream -> gzip -> WritableStream -> port', async () => {
  await assertRoundTrip((from, to) =>
    inputPortToReadableStream(from)
      .pipeThrough(new CompressionStream('gzip'))
      .pipeThrough(new DecompressionStream('gzip'))
      .pipeTo(outputPortToWritableStream(to)),
  );
});

test('output port -> Web WritableStream: a stalled stream makes writes wait', async () => {
  let received = 0;
  const stalled = new WritableStream<Uint8Array>(
    {
      write(chunk) {
        received += chunk.length;
        return new Promise<void>(() => {}); // never done
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: CHUNK }),
  );
  const port = writableStreamToOutputPort(stalled);
  const { stream: source, produced } = endlessWebSource();
  void source.pipeTo(outputPortToWritableStream(port)).catch(() => {});
  await pause(100);
  assert.ok(received > 0);
  assert.ok(produced() < BOUND, `produced ${produced()} bytes`);
});

test('bytes pass through each bridge unchanged', async () => {
  const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
  const port = nodeReadableToInputPort(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]));
  assert.deepEqual(await portToBytes(port), bytes);
  const webPort = readableStreamToInputPort(
    new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    }),
  );
  assert.deepEqual(await portToBytes(webPort), bytes);
});
