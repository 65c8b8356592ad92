/**
 * Load, run by `load.test.ts` as `node child-load.js N BYTES` (under a raised `ulimit -n`):
 * N clients connect to one racket-net echo server and all stay connected; then each sends its
 * own BYTES bytes (a pattern seeded by its index), half-closes, and reads the echo to EOF.
 * Every echo must equal what was sent, byte for byte. Prints `RESULT {…}`.
 */
import {
  closeInputPort,
  closeOutputPort,
  copyPort,
  makeSemaphore,
  portToBytes,
  semaphorePost,
  semaphoreWait,
  tcpAccept,
  tcpAddresses,
  tcpClose,
  tcpConnect,
  tcpListen,
  thread,
  threadWait,
  writeBytes,
} from '../index.js';
import { openSockets, patternBytes, printResult, sameBytes } from './support.js';

const n = Number(process.argv[2] ?? 300);
const size = Number(process.argv[3] ?? 4096);
const started = Date.now();
const socketsBefore = openSockets();
const listener = await tcpListen(0, n, false, '127.0.0.1');
const port = tcpAddresses(listener, true)[1];

const acceptedSignal = makeSemaphore(0);
// The echo server: one thread per connection, copying input to output until EOF.
const server = thread(async () => {
  for (let i = 0; i < n; i++) {
    const [si, so] = await tcpAccept(listener);
    semaphorePost(acceptedSignal);
    thread(async () => {
      await copyPort(si, so);
      closeInputPort(si);
      await closeOutputPort(so);
    });
  }
});

const go = makeSemaphore(0);
const connectedSignal = makeSemaphore(0);
let wrong = 0;
let bytesEchoed = 0;
let failures: string[] = [];
// Connect in waves of 100 so the kernel's accept queue never overflows (SYN retries take 1 s).
const clients = [];
for (let i = 0; i < n; i++) {
  clients.push(
    thread(async () => {
      try {
        const [ci, co] = await tcpConnect('127.0.0.1', port);
        semaphorePost(connectedSignal);
        await semaphoreWait(go);
        const data = patternBytes(i, size);
        const reading = portToBytes(ci);
        await writeBytes(data, co);
        await closeOutputPort(co);
        const back = await reading;
        closeInputPort(ci);
        bytesEchoed += back.length;
        if (!sameBytes(back, data)) wrong++;
      } catch (error) {
        failures.push(String(error).split('\n')[0]!);
        semaphorePost(connectedSignal);
      }
    }),
  );
  if (i % 100 === 99) for (let k = 0; k < 100; k++) await semaphoreWait(connectedSignal);
}
for (let k = 0; k < n % 100; k++) await semaphoreWait(connectedSignal);
// Every connection accepted too: both ends of all of them are open now.
for (let k = 0; k < n - failures.length; k++) await semaphoreWait(acceptedSignal);
const socketsHeld = openSockets() - socketsBefore;
const connectedMs = Date.now() - started;
for (let i = 0; i < n; i++) semaphorePost(go);
for (const t of clients) await threadWait(t);
await threadWait(server);
tcpClose(listener);
failures = failures.slice(0, 5);
printResult({
  connections: n,
  bytesPerConnection: size,
  socketsHeld,
  bytesSent: n * size,
  bytesEchoed,
  connectionsWithWrongBytes: wrong,
  failures,
  connectedMs,
  totalMs: Date.now() - started,
});
