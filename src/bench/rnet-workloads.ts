/**
 * The workloads written with racket-net's public API, as a user would write them: both ends in
 * one process, on loopback, each end in its own racket-net thread where Racket would use one.
 */
import {
  type InputPort,
  type OutputPort,
  closeInputPort,
  closeOutputPort,
  flushOutput,
  isEofObject,
  readByte,
  readBytesAvail,
  readBytesInto,
  sync,
  tcpAccept,
  tcpAddresses,
  tcpClose,
  tcpConnect,
  tcpListen,
  thread,
  threadWait,
  writeByte,
  writeBytes,
} from '../index.js';
import { type Measurement, type Sizes } from './config.js';
import { elapsedMs, idleRss, rate } from './measure.js';

async function listen(): Promise<[Awaited<ReturnType<typeof tcpListen>>, number]> {
  const listener = await tcpListen(0, 4096, true, '127.0.0.1');
  const [, port] = tcpAddresses(listener, true);
  return [listener, port];
}

async function connectPair(
  listener: Awaited<ReturnType<typeof tcpListen>>,
  port: number,
): Promise<[InputPort, OutputPort, InputPort, OutputPort]> {
  const [[ci, co], [si, so]] = await Promise.all([
    tcpConnect('127.0.0.1', port),
    tcpAccept(listener),
  ]);
  return [ci, co, si, so];
}

/** Which ends of TCP bulk run inside a racket-net `thread`; the others run in the caller's. */
export interface BulkThreads {
  readonly reader: boolean;
  readonly writer: boolean;
}

/**
 * 256 MiB one way in 64 KiB writes; the reader uses `readBytesAvail` into a 64 KiB buffer. Each
 * end runs in a `thread` of its own or, as plain async code, in the thread that called.
 */
export async function tcpBulk(s: Sizes, threads: BulkThreads): Promise<Measurement> {
  const [listener, port] = await listen();
  const [ci, co, si, so] = await connectPair(listener, port);
  const data = new Uint8Array(s.bulkChunk).fill(120);
  const write = async (): Promise<void> => {
    for (let left = s.bulkBytes; left > 0; left -= s.bulkChunk) {
      await writeBytes(data, co, 0, Math.min(s.bulkChunk, left));
    }
    await closeOutputPort(co);
  };
  let got = 0;
  let ms = 0;
  const read = async (): Promise<void> => {
    const buffer = new Uint8Array(s.bulkChunk);
    for (;;) {
      const n = await readBytesAvail(buffer, si);
      if (isEofObject(n)) break;
      got += n;
    }
    ms = elapsedMs(start);
  };
  const inThread = async (body: () => Promise<void>): Promise<void> => threadWait(thread(body));
  const start = performance.now();
  await Promise.all([
    threads.writer ? inThread(write) : write(),
    threads.reader ? inThread(read) : read(),
  ]);
  closeInputPort(si);
  closeInputPort(ci);
  await closeOutputPort(so);
  tcpClose(listener);
  return { value: rate(got / 1e6, ms), count: got, ms };
}

/**
 * Ping-pong: `size`-byte request, flush, `size`-byte reply. With `idle` > 0 the server is one
 * thread that `sync`s over `idle` idle connections plus the active one (fan-in).
 */
export async function tcpPingPong(
  rounds: number,
  size: number,
  idle: number,
): Promise<Measurement> {
  const [listener, port] = await listen();
  const idlePorts: [InputPort, OutputPort, InputPort, OutputPort][] = [];
  for (let i = 0; i < idle; i++) idlePorts.push(await connectPair(listener, port));
  const [ci, co, si, so] = await connectPair(listener, port);
  const serverInputs = [...idlePorts.map((p) => p[2]), si];
  const outputOf = new Map<InputPort, OutputPort>([[si, so]]);
  for (const p of idlePorts) outputOf.set(p[2], p[3]);

  const server = thread(async () => {
    const buffer = new Uint8Array(size);
    for (let i = 0; i < rounds; i++) {
      const input = idle > 0 ? await sync(...serverInputs) : si;
      const n = await readBytesInto(buffer, input);
      if (n !== size) throw new Error(`server read ${String(n)}`);
      const output = outputOf.get(input)!;
      await writeBytes(buffer, output);
      await flushOutput(output);
    }
  });
  const request = new Uint8Array(size).fill(7);
  const reply = new Uint8Array(size);
  let count = 0;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    await writeBytes(request, co);
    await flushOutput(co);
    const n = await readBytesInto(reply, ci);
    if (n !== size) throw new Error(`client read ${String(n)}`);
    count++;
  }
  const ms = elapsedMs(start);
  await threadWait(server);
  for (const [a, b, c, d] of [...idlePorts, [ci, co, si, so] as const]) {
    closeInputPort(a);
    closeInputPort(c);
    await closeOutputPort(b);
    await closeOutputPort(d);
  }
  tcpClose(listener);
  return { value: rate(count, ms), count, ms };
}

/** Connect, accept, one byte, close both ends; `n` times. */
export async function tcpChurn(n: number): Promise<Measurement> {
  const [listener, port] = await listen();
  let count = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const [ci, co, si, so] = await connectPair(listener, port);
    await writeByte(1, co);
    await closeOutputPort(co);
    closeInputPort(ci);
    const b = await readByte(si);
    if (b === 1) count++;
    closeInputPort(si);
    await closeOutputPort(so);
  }
  const ms = elapsedMs(start);
  tcpClose(listener);
  return { value: rate(count, ms), count, ms };
}

/** Resident memory per idle connection (both ends in this process) with `n` open. */
export async function tcpMemory(n: number): Promise<Measurement> {
  const [listener, port] = await listen();
  // Warm up the code paths, so that the baseline includes compiled code.
  const warm = await connectPair(listener, port);
  closeInputPort(warm[0]);
  closeInputPort(warm[2]);
  await closeOutputPort(warm[1]);
  await closeOutputPort(warm[3]);
  const before = await idleRss();
  const start = performance.now();
  const open: [InputPort, OutputPort, InputPort, OutputPort][] = [];
  for (let i = 0; i < n; i++) open.push(await connectPair(listener, port));
  const ms = elapsedMs(start);
  const after = await idleRss();
  const count = open.length;
  for (const [a, b, c, d] of open) {
    closeInputPort(a);
    closeInputPort(c);
    await closeOutputPort(b);
    await closeOutputPort(d);
  }
  tcpClose(listener);
  return { value: (after - before) / count, count, ms };
}
