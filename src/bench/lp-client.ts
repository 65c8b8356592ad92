/**
 * The length-prefixed protocol's load client, in raw `node:net`, in a process of its own:
 * `node lp-client.js PORT CLIENTS IN-FLIGHT PAYLOAD MS` opens CLIENTS connections to
 * 127.0.0.1:PORT; each keeps IN-FLIGHT requests of PAYLOAD bytes outstanding (1: request,
 * response, request… in lockstep), sending the next one as each response arrives, for MS
 * milliseconds. It checks that every response echoes its request, then prints one JSON line:
 * requests/s and p99 latency over the responses that arrived in time.
 */
import { once } from 'node:events';
import { type Socket, connect } from 'node:net';
import { type Measurement } from './config.js';
import { rate } from './measure.js';
import { LP_HEADER_BYTES } from './server-protocols.js';

const [port, clients, inFlight, payload, ms] = process.argv.slice(2).map(Number);
if (
  [port, clients, inFlight, payload, ms].some((n) => !Number.isInteger(n) || n! <= 0) ||
  payload! < 4
) {
  process.stderr.write('usage: node lp-client.js PORT CLIENTS IN-FLIGHT PAYLOAD(>=4) MS\n');
  process.exit(2);
}
const frameBytes = LP_HEADER_BYTES + payload!;

/** Latencies (ms) of the responses that arrived before the deadline. */
const latencies: number[] = [];
let stopping = false;
let outstanding = 0;
let allAnswered: () => void = () => {};

/** One connection: sends numbered requests, checks each response's number and length. */
function drive(socket: Socket): void {
  const sentAt = new Float64Array(inFlight!);
  let sent = 0;
  let answered = 0;
  let pending: Buffer = Buffer.alloc(0);
  const frame = (): Buffer => {
    const f = Buffer.alloc(frameBytes, 7);
    f.writeUInt32BE(payload!, 0);
    f.writeUInt32BE(sent, LP_HEADER_BYTES);
    return f;
  };
  const send = (count: number, now: number): void => {
    const frames: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      frames.push(frame());
      sentAt[sent % inFlight!] = now;
      sent++;
    }
    outstanding += count;
    socket.write(count === 1 ? frames[0]! : Buffer.concat(frames));
  };
  socket.on('close', () => {
    if (!stopping) throw new Error('the server closed a connection');
  });
  socket.on('data', (chunk: Buffer) => {
    const now = performance.now();
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    let done = 0;
    while (pending.length - start >= frameBytes) {
      const length = pending.readUInt32BE(start);
      const number = pending.readUInt32BE(start + LP_HEADER_BYTES);
      if (length !== payload || number !== answered) {
        throw new Error(
          `response ${String(answered)}: length ${String(length)}, #${String(number)}`,
        );
      }
      if (!stopping) latencies.push(now - sentAt[answered % inFlight!]!);
      answered++;
      done++;
      start += frameBytes;
    }
    pending = pending.subarray(start);
    outstanding -= done;
    if (!stopping && done > 0) send(done, now);
    else if (stopping && outstanding === 0) allAnswered();
  });
  send(inFlight!, performance.now());
}

const sockets: Socket[] = [];
for (let i = 0; i < clients!; i++) {
  const socket = connect({ port: port!, host: '127.0.0.1', noDelay: true });
  sockets.push(socket);
  await once(socket, 'connect');
}
const start = performance.now();
for (const socket of sockets) drive(socket);
await new Promise((resolve) => setTimeout(resolve, ms));
stopping = true;
const elapsed = performance.now() - start;
const drained = new Promise<void>((resolve) => (allAnswered = resolve));
await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 2_000))]);
for (const socket of sockets) socket.destroy();

const sorted = Float64Array.from(latencies).sort();
const p99 =
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
const result: Measurement = {
  value: rate(latencies.length, elapsed),
  count: latencies.length,
  ms: elapsed,
  p99Ms: p99,
  errors: 0,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
