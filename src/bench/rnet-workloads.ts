/**
 * The workloads written with racket-net's public API, as a user would write them: both ends in
 * one process, on loopback, each end in its own racket-net thread where Racket would use one.
 * Bulk and ping-pong are written once over a {@link Transport} (TCP here, a unix socket in
 * `unix-workloads.ts`, TLS in `tls-workloads.ts`).
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

/** client-in, client-out, server-in, server-out. */
export type Ports = [InputPort, OutputPort, InputPort, OutputPort];

/** How a row listens, connects and accepts, and how its client ends the data it sends. */
export interface Transport<L> {
  readonly listen: () => Promise<L>;
  /** A client connection to `listener` and the server's end of it. */
  readonly connectPair: (listener: L) => Promise<Ports>;
  readonly close: (listener: L) => void;
  /** Ends what the client sends, so that the server reads EOF (default: close `co`). */
  readonly endSending?: (ci: InputPort, co: OutputPort) => Promise<void>;
}

type TcpListener = Awaited<ReturnType<typeof tcpListen>>;
interface Listening {
  readonly listener: TcpListener;
  readonly port: number;
}

export const TCP: Transport<Listening> = {
  listen: async () => {
    const listener = await tcpListen(0, 4096, true, '127.0.0.1');
    return { listener, port: tcpAddresses(listener, true)[1] };
  },
  connectPair: async ({ listener, port }) => {
    const [[ci, co], [si, so]] = await Promise.all([
      tcpConnect('127.0.0.1', port),
      tcpAccept(listener),
    ]);
    return [ci, co, si, so];
  },
  close: ({ listener }) => tcpClose(listener),
};

async function closeAll([ci, co, si, so]: Ports): Promise<void> {
  closeInputPort(ci);
  closeInputPort(si);
  await closeOutputPort(co);
  await closeOutputPort(so);
}

/** Which ends of bulk run inside a racket-net `thread`; the others run in the caller's. */
export interface BulkThreads {
  readonly reader: boolean;
  readonly writer: boolean;
}

/**
 * `bulkBytes` one way in `bulkChunk` writes; the reader uses `readBytesAvail` into a
 * `bulkChunk` buffer until EOF. Each end runs in a `thread` of its own or, as plain async code,
 * in the thread that called.
 */
export async function bulk<L>(
  t: Transport<L>,
  s: Sizes,
  threads: BulkThreads,
): Promise<Measurement> {
  const listener = await t.listen();
  const ports = await t.connectPair(listener);
  const [ci, co, si] = ports;
  const data = new Uint8Array(s.bulkChunk).fill(120);
  const write = async (): Promise<void> => {
    for (let left = s.bulkBytes; left > 0; left -= s.bulkChunk) {
      await writeBytes(data, co, 0, Math.min(s.bulkChunk, left));
    }
    await (t.endSending ?? ((_, out) => closeOutputPort(out)))(ci, co);
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
  await closeAll(ports);
  t.close(listener);
  return { value: rate(got / 1e6, ms), count: got, ms };
}

/**
 * Ping-pong: `size`-byte request, flush, `size`-byte reply. With `idle` > 0 the server is one
 * thread that `sync`s over `idle` idle connections plus the active one (fan-in).
 */
export async function pingPong<L>(
  t: Transport<L>,
  rounds: number,
  size: number,
  idle: number,
): Promise<Measurement> {
  const listener = await t.listen();
  const idlePorts: Ports[] = [];
  for (let i = 0; i < idle; i++) idlePorts.push(await t.connectPair(listener));
  const [ci, co, si, so] = await t.connectPair(listener);
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
  for (const p of [...idlePorts, [ci, co, si, so] as Ports]) await closeAll(p);
  t.close(listener);
  return { value: rate(count, ms), count, ms };
}

/** Connect, accept, one byte, close both ends; `n` times. */
export async function tcpChurn(n: number): Promise<Measurement> {
  const listening = await TCP.listen();
  let count = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const [ci, co, si, so] = await TCP.connectPair(listening);
    await writeByte(1, co);
    await closeOutputPort(co);
    closeInputPort(ci);
    const b = await readByte(si);
    if (b === 1) count++;
    closeInputPort(si);
    await closeOutputPort(so);
  }
  const ms = elapsedMs(start);
  TCP.close(listening);
  return { value: rate(count, ms), count, ms };
}

/** Resident memory per idle connection (both ends in this process) with `n` open. */
export async function tcpMemory(n: number): Promise<Measurement> {
  const listening = await TCP.listen();
  // Warm up the code paths, so that the baseline includes compiled code.
  await closeAll(await TCP.connectPair(listening));
  const before = await idleRss();
  const start = performance.now();
  const open: Ports[] = [];
  for (let i = 0; i < n; i++) open.push(await TCP.connectPair(listening));
  const ms = elapsedMs(start);
  const after = await idleRss();
  const count = open.length;
  for (const p of open) await closeAll(p);
  TCP.close(listening);
  return { value: (after - before) / count, count, ms };
}
