/**
 * The ports over the process's stdin, stdout and stderr, made on first use (Racket's original
 * `current-input-port`, `current-output-port`, `current-error-port`).
 *
 * - stdout is line-buffered on a terminal and block-buffered otherwise; stderr is unbuffered.
 * - stdout is flushed when the process ends: at `'beforeExit'` as any flush, and at `'exit'`
 *   (which allows no waiting) by a synchronous write, so `process.exit()` loses nothing.
 * - stdin is read only while a read waits for bytes: the port pauses the stream after each
 *   chunk, so making the port, or reading a line and going on, never keeps the process alive.
 */
import { Buffer } from 'node:buffer';
import { writeSync } from 'node:fs';
import process from 'node:process';
import { type Readable, type Writable } from 'node:stream';
import { InputPort, type InputSource } from '../port/input-port.js';
import { type OutputBufferMode, OutputPort, type OutputSink } from '../port/output-port.js';
import { streamError } from '../port/stream-error.js';
import { ANY_WRITE_FITS } from '../port/output-sink.js';

/** Blocks the thread for `ms` milliseconds (at `'exit'`, while the pipe is full). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes all of `bytes` to `fd` now, waiting for a full pipe (at `'exit'` only: nothing else
 * may run). Gives up after a few seconds of no progress (a reader that stopped reading).
 */
function writeAllSync(fd: number, bytes: Uint8Array): void {
  let at = 0;
  let stalled = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
      stalled = 0;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN' || ++stalled > 5000) return;
      sleepSync(1);
    }
  }
}

/** A sink over a process stream (stdout or stderr). */
class StdioSink implements OutputSink {
  /** At `'exit'`: writes must complete now. */
  exiting = false;
  constructor(
    readonly stream: Writable,
    readonly fd: number,
  ) {}
  room(): number {
    return !this.exiting && this.stream.writableNeedDrain ? 0 : ANY_WRITE_FITS;
  }
  write(chunk: Uint8Array): void {
    // Bytes the stream still queues must go first: only when it holds none may we go around it.
    if (this.exiting && this.stream.writableLength === 0) writeAllSync(this.fd, chunk);
    else this.stream.write(chunk);
  }
  // The process's streams stay open: closing the port only stops its own writes.
  end(): void {}
  abort(): void {}
}

function stdioOutputPort(
  name: string,
  stream: Writable,
  fd: number,
  mode: OutputBufferMode,
): [OutputPort, StdioSink] {
  const sink = new StdioSink(stream, fd);
  const port = new OutputPort(name, sink, mode);
  stream.on('drain', () => port.sinkReady());
  // An EPIPE (the reader went away) is the next write's error, never an unhandled one.
  stream.on('error', (err) =>
    port.sinkFailed(streamError('error writing to stream port', err, 'system error')),
  );
  return [port, sink];
}

let stdout: OutputPort | null = null;
let stdoutSink: StdioSink | null = null;
let stderr: OutputPort | null = null;
let stdin: InputPort | null = null;

/** Flushes stdout as the process ends; at `'exit'`, synchronously. */
function flushAtEnd(exiting: boolean): void {
  const port = stdout;
  if (port === null || port.isClosed || port.bufferedBytes === 0) return;
  if (exiting) stdoutSink!.exiting = true;
  try {
    const done = port.flush('flush-output');
    // A flush queued behind a waiting write cannot finish at exit; at `'beforeExit'` it runs on.
    if (done instanceof Promise) done.catch(() => {});
  } catch {
    // A failed stdout (EPIPE) has nowhere to report to as the process ends.
  }
}

/** The port over the process's stdout (`#<output-port:stdout>`). */
export function stdoutPort(): OutputPort {
  if (stdout === null) {
    const stream = process.stdout;
    [stdout, stdoutSink] = stdioOutputPort('stdout', stream, 1, stream.isTTY ? 'line' : 'block');
    process.on('beforeExit', () => flushAtEnd(false));
    process.on('exit', () => flushAtEnd(true));
  }
  return stdout;
}

/** The port over the process's stderr (`#<output-port:stderr>`), unbuffered. */
export function stderrPort(): OutputPort {
  stderr ??= stdioOutputPort('stderr', process.stderr, 2, 'none')[0];
  return stderr;
}

/** The port over the process's stdin (`#<input-port:stdin>`), read only while a read waits. */
export function stdinPort(): InputPort {
  if (stdin === null) stdin = stdioInputPort(process.stdin);
  return stdin;
}

/** The stdin port: it asks its stream for bytes whenever a read finds too few. */
class StdinPort extends InputPort {
  constructor(
    source: InputSource,
    readonly onWanted: () => void,
  ) {
    super('stdin', source, { bufferMode: 'block' });
  }
  protected override wanted(): void {
    this.onWanted();
  }
}

/**
 * The port over `stream` (stdin). The stream delivers a chunk and pauses; it flows again when
 * a read finds too few bytes (`wanted`, each time a waiting read polls) or a sync starts
 * waiting on the port itself. Pausing a Node stream does not stop its handle from reading
 * ahead (to fill the stream's own buffer), so the handle is also unreferenced while nobody
 * waits: the process may end then, as a Racket program whose threads are done does.
 */
function stdioInputPort(stream: Readable): InputPort {
  const handle = stream as unknown as { ref?: () => void; unref?: () => void };
  let listening = false;
  let closed = false;
  const flow = (): void => {
    if (closed) return;
    if (!listening) {
      listening = true;
      stream.on('data', (chunk: Uint8Array | string) => {
        port.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        rest();
      });
      stream.on('end', () => port.pushEof());
      stream.on('error', (err) =>
        port.pushError(streamError('error reading from stream port', err, 'system error')),
      );
    }
    handle.ref?.();
    stream.resume();
  };
  const rest = (): void => {
    stream.pause();
    handle.unref?.();
  };
  const port: InputPort = new StdinPort(
    {
      // The port asks again through `wanted` when a read needs bytes.
      resume: () => {},
      pause: rest,
      close: () => {
        closed = true;
        if (listening) rest();
      },
    },
    flow,
  );
  // A sync on the port itself (not a read) polls no read: its waiter starts the stream.
  const waiters = port.waiterSet();
  const insert = waiters.insert.bind(waiters);
  waiters.insert = (waiter) => {
    insert(waiter);
    flow();
  };
  return port;
}
