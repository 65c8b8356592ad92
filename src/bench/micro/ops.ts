/**
 * The micro-benchmark operations written with racket-net's public API, and the runtime's own
 * ceiling: a bare `await` of an async function that does nothing.
 *
 * Every operation runs inside a racket-net thread (as every Racket program runs in one), first
 * for a warm-up time, then for a measured time; the clock is read once per batch of operations.
 * Every operation checks the data it moves as it goes (each line read is the line written, each
 * byte the byte expected, each value echoed the value sent) and throws on the first mismatch;
 * the same checks are in the Racket programs (`bench/micro.rkt`), so both pay for them.
 */
import {
  closeInputPort,
  closeOutputPort,
  channelGet,
  channelPut,
  flushOutput,
  type InputPort,
  isEofObject,
  killThread,
  makeChannel,
  makePipe,
  makeSemaphore,
  openInputString,
  readByte,
  readBytes,
  readLine,
  semaphorePost,
  sync,
  tcpAccept,
  tcpAddresses,
  tcpClose,
  tcpConnect,
  tcpListen,
  thread,
  threadWait,
  writeBytes,
  writeString,
} from '../../index.js';
import {
  type Timing,
  type OpMeasurement,
  LINE_KINDS,
  LINE_TEXTS,
  LINES,
  CHUNKS,
  FILL_LINES,
  FILL_TEXT,
  FILL_BYTES,
  BYTE_FILL,
  BATCH,
  PIPE_LIMIT,
  now,
  Meter,
  mismatch,
  inThread,
  drain,
} from './measure.js';

export { LINE_KINDS, lineText, type OpMeasurement, PIPE_LIMIT, type Timing } from './measure.js';

/** The operations, in table order (`await` is the ceiling, measured three ways). */
export const MICRO_OPS = [
  'read-line',
  'read-line-thread',
  'read-line-string',
  'write-string-thread',
  'read-byte',
  'read-bytes',
  'write-bytes',
  'sema',
  'channel',
  'await',
] as const;

/** The name of one micro-benchmark operation. */
export type MicroOpName = (typeof MICRO_OPS)[number];

/** Is `s` the name of an operation? */
export const isMicroOp = (s: string): s is MicroOpName =>
  (MICRO_OPS as readonly string[]).includes(s);

/**
 * `readLine(in, 'linefeed')` of 16-byte lines, `FILL_LINES` of them per fill: `fill` (untimed)
 * gives the port that holds the next `FILL_TEXT`, `finish` releases what the op made.
 */
function readFilledLines(
  who: string,
  t: Timing,
  fill: () => Promise<InputPort> | InputPort,
  finish: () => Promise<void> | void,
): Promise<OpMeasurement> {
  return inThread(async () => {
    const meter = new Meter(t);
    let n = 0;
    let last = '';
    for (;;) {
      const inp = await fill();
      for (let b = 0; b < FILL_LINES; b += BATCH) {
        const start = now();
        for (let i = 0; i < BATCH; i++, n++) {
          const line = await readLine(inp, 'linefeed');
          if (line !== LINE_TEXTS[n & (LINE_KINDS - 1)]) {
            throw mismatch(who, n, line, LINE_TEXTS[n & (LINE_KINDS - 1)]);
          }
          last = line;
        }
        if (meter.add(BATCH, now() - start)) {
          await finish();
          return meter.result(last);
        }
      }
    }
  });
}

/** `readLine(in, 'linefeed')` of 16-byte lines already in a pipe (refilled, untimed, when read). */
function readLineBuffered(t: Timing): Promise<OpMeasurement> {
  const [inp, out] = makePipe();
  return readFilledLines(
    'read-line',
    t,
    async () => {
      await writeString(FILL_TEXT, out);
      return inp;
    },
    async () => {
      closeInputPort(inp);
      await closeOutputPort(out);
    },
  );
}

/**
 * `readLine(in, 'linefeed')` of 16-byte lines from an input string port (a fresh port over the
 * same text per fill, untimed): a read from a string port is a read from buffered data.
 */
function readLineString(t: Timing): Promise<OpMeasurement> {
  return readFilledLines(
    'read-line-string',
    t,
    () => openInputString(FILL_TEXT),
    () => {},
  );
}

/** `readLine` of lines a producer thread writes into a pipe (limit `PIPE_LIMIT`) meanwhile. */
function readLineThread(t: Timing): Promise<OpMeasurement> {
  return inThread(async () => {
    const meter = new Meter(t);
    const [inp, out] = makePipe(PIPE_LIMIT);
    const producer = thread(async () => {
      for (let i = 0; ; i++) await writeString(LINES[i & (LINE_KINDS - 1)]!, out);
    });
    let n = 0;
    let last = '';
    let start = now();
    for (;;) {
      for (let i = 0; i < BATCH; i++, n++) {
        const line = await readLine(inp, 'linefeed');
        if (line !== LINE_TEXTS[n & (LINE_KINDS - 1)]) {
          throw mismatch('read-line-thread', n, line, LINE_TEXTS[n & (LINE_KINDS - 1)]);
        }
        last = line;
      }
      const end = now();
      if (meter.add(BATCH, end - start)) break;
      start = end;
    }
    killThread(producer);
    closeInputPort(inp);
    await closeOutputPort(out);
    return meter.result(last);
  });
}

/** 16-byte `writeString` into a pipe (limit `PIPE_LIMIT`) that a consumer thread drains. */
function writeStringThread(t: Timing): Promise<OpMeasurement> {
  return inThread(async () => {
    const meter = new Meter(t);
    const [inp, out] = makePipe(PIPE_LIMIT);
    const consumer = drain('write-string-thread', inp);
    let n = 0;
    let start = now();
    for (;;) {
      for (let i = 0; i < BATCH; i++, n++) await writeString(LINES[n & (LINE_KINDS - 1)]!, out);
      const end = now();
      if (meter.add(BATCH, end - start)) break;
      start = end;
    }
    await closeOutputPort(out);
    const got = await consumer.done;
    if (got !== 16 * n) throw mismatch('write-string-thread', n, got, 16 * n);
    return meter.result(got);
  });
}

/** `readByte` of bytes already in a pipe (refilled, untimed, when read). */
function readByteBuffered(t: Timing): Promise<OpMeasurement> {
  return inThread(async () => {
    const meter = new Meter(t);
    const [inp, out] = makePipe();
    let n = 0;
    let last = -1;
    for (;;) {
      await writeBytes(BYTE_FILL, out);
      for (let b = 0; b < FILL_BYTES; b += BATCH) {
        const start = now();
        for (let i = 0; i < BATCH; i++, n++) {
          const byte = await readByte(inp);
          if (byte !== (n & 255)) throw mismatch('read-byte', n, byte, n & 255);
          last = byte;
        }
        if (meter.add(BATCH, now() - start)) {
          closeInputPort(inp);
          await closeOutputPort(out);
          return meter.result(last);
        }
      }
    }
  });
}

/** `readBytes(16)` of bytes already in a pipe (refilled, untimed, when read). */
function readBytesBuffered(t: Timing): Promise<OpMeasurement> {
  return inThread(async () => {
    const meter = new Meter(t);
    const [inp, out] = makePipe();
    let n = 0;
    let last = -1;
    for (;;) {
      await writeBytes(BYTE_FILL, out);
      for (let b = 0; b < FILL_BYTES / 16; b += BATCH) {
        const start = now();
        for (let i = 0; i < BATCH; i++, n++) {
          const bytes = await readBytes(16, inp);
          const first = (16 * n) & 255;
          if (
            isEofObject(bytes) ||
            bytes.length !== 16 ||
            bytes[0] !== first ||
            bytes[15] !== first + 15
          ) {
            throw mismatch('read-bytes', n, isEofObject(bytes) ? 'eof' : Array.from(bytes), first);
          }
          last = first;
        }
        if (meter.add(BATCH, now() - start)) {
          closeInputPort(inp);
          await closeOutputPort(out);
          return meter.result(last);
        }
      }
    }
  });
}

/**
 * `writeBytes` of 16 bytes into a TCP output port in `'block'` mode (its default): the bytes go
 * into the port's 4096-byte buffer, which goes to the socket when full (every 256 writes). A
 * thread reads the other end on loopback, checking every chunk.
 */
function writeBytesBlock(t: Timing): Promise<OpMeasurement> {
  return inThread(async () => {
    const meter = new Meter(t);
    const listener = await tcpListen(0, 4, true, '127.0.0.1');
    const [, port] = tcpAddresses(listener, true);
    const [[ci, co], [si, so]] = await Promise.all([
      tcpConnect('127.0.0.1', port),
      tcpAccept(listener),
    ]);
    const consumer = drain('write-bytes', si);
    let n = 0;
    let start = now();
    for (;;) {
      for (let i = 0; i < BATCH; i++, n++) await writeBytes(CHUNKS[n & (LINE_KINDS - 1)]!, co);
      const end = now();
      if (meter.add(BATCH, end - start)) break;
      start = end;
    }
    await flushOutput(co);
    await closeOutputPort(co);
    const got = await consumer.done;
    closeInputPort(si);
    closeInputPort(ci);
    await closeOutputPort(so);
    tcpClose(listener);
    if (got !== 16 * n) throw mismatch('write-bytes', n, got, 16 * n);
    return meter.result(got);
  });
}

/** `semaphorePost(s)` then `sync(s)`. */
function semaPostSync(t: Timing): Promise<OpMeasurement> {
  return inThread(async () => {
    const meter = new Meter(t);
    const s = makeSemaphore(0);
    let n = 0;
    let start = now();
    for (;;) {
      for (let i = 0; i < BATCH; i++, n++) {
        semaphorePost(s);
        const v = await sync(s);
        if (v !== s) throw mismatch('sema', n, String(v), 'the semaphore');
      }
      const end = now();
      if (meter.add(BATCH, end - start)) break;
      start = end;
    }
    return meter.result(n);
  });
}

/** A channel round trip: put `n` to an echo thread, get `n + 1` back on a second channel. */
function channelRoundTrip(t: Timing): Promise<OpMeasurement> {
  return inThread(async () => {
    const meter = new Meter(t);
    const requests = makeChannel<number>();
    const replies = makeChannel<number>();
    const echo = thread(async () => {
      for (;;) await channelPut(replies, (await channelGet(requests)) + 1);
    });
    let n = 0;
    let last = -1;
    let start = now();
    for (;;) {
      for (let i = 0; i < BATCH; i++, n++) {
        await channelPut(requests, n);
        last = await channelGet(replies);
        if (last !== n + 1) throw mismatch('channel', n, last, n + 1);
      }
      const end = now();
      if (meter.add(BATCH, end - start)) break;
      start = end;
    }
    killThread(echo);
    return meter.result(last);
  });
}

async function nothing(): Promise<void> {}

/**
 * The ceiling: `await` of an async function that does nothing, in the current context (the
 * main thread, or the racket-net thread that calls it).
 */
export async function bareAwait(t: Timing): Promise<OpMeasurement> {
  const meter = new Meter(t);
  let start = now();
  for (;;) {
    for (let i = 0; i < BATCH; i++) await nothing();
    const end = now();
    if (meter.add(BATCH, end - start)) break;
    start = end;
  }
  return meter.result(meter.items);
}

/** The ceiling inside a racket-net thread. */
export const bareAwaitInThread = (t: Timing): Promise<OpMeasurement> =>
  inThread(() => bareAwait(t));

/** Runs one racket-net thread to its end (from then on, V8's promise hooks are installed). */
export async function runOneThread(): Promise<void> {
  await threadWait(thread(async () => {}));
}

/** The racket-net operations (every one but `await`), each measured in a racket-net thread. */
export const RNET_OPS: Readonly<
  Record<Exclude<MicroOpName, 'await'>, (t: Timing) => Promise<OpMeasurement>>
> = {
  'read-line': readLineBuffered,
  'read-line-thread': readLineThread,
  'read-line-string': readLineString,
  'write-string-thread': writeStringThread,
  'read-byte': readByteBuffered,
  'read-bytes': readBytesBuffered,
  'write-bytes': writeBytesBlock,
  sema: semaPostSync,
  channel: channelRoundTrip,
};

/** What one process measures for one operation (a child prints it as one JSON line). */
export interface RnetReport {
  /** The operation; for `await`, the bare await before any racket-net thread has run (a). */
  readonly op: OpMeasurement;
  /** The ceiling measured right after it in the same process: a bare await in a thread (c). */
  readonly ceiling: OpMeasurement;
  /** For `await` only: the bare await on the main thread once a thread has run (b). */
  readonly main?: OpMeasurement;
}

/**
 * Measures `op` in this process, then the ceiling. For `await`, the order is (a) before any
 * racket-net thread has run (if none has run in this process yet), (b) on the main thread after
 * one has, (c) inside a thread.
 */
export async function measureRnet(op: MicroOpName, t: Timing): Promise<RnetReport> {
  if (op === 'await') {
    const before = await bareAwait(t);
    await runOneThread();
    const main = await bareAwait(t);
    return { op: before, main, ceiling: await bareAwaitInThread(t) };
  }
  const measured = await RNET_OPS[op](t);
  return { op: measured, ceiling: await bareAwaitInThread(t) };
}
