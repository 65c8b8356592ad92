/**
 * Run under `ulimit -n 128` by `faults.test.ts`: a racket-net listener greets each client it
 * accepts and keeps the connection; clients in the same process connect until descriptors run
 * out (`tcpConnect` raises EMFILE). Then clients from another process (started beforehand, so
 * its pipes already exist) connect while the listener has no descriptor left to accept with;
 * what they see is recorded. Then the descriptors are freed and the same listener must serve
 * new clients. Prints `RESULT {…}`.
 */
import { spawn } from 'node:child_process';
import {
  closeInputPort,
  closeOutputPort,
  eof,
  ExnFailNetworkErrno,
  flushOutput,
  type InputPort,
  type OutputPort,
  readBytesEvt,
  syncTimeout,
  tcpAccept,
  tcpAddresses,
  tcpClose,
  tcpConnect,
  tcpListen,
  thread,
  writeString,
} from '../index.js';
import { printResult } from './support.js';

const listener = await tcpListen(0, 100, false, '127.0.0.1');
const port = tcpAddresses(listener, true)[1];
const held: [InputPort, OutputPort][] = [];
const acceptErrors: string[] = [];

thread(async () => {
  for (;;) {
    try {
      const [si, so] = await tcpAccept(listener);
      held.push([si, so]);
      await writeString('hi\n', so);
      await flushOutput(so);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      if (/closed/.test(message)) return;
      acceptErrors.push(message);
    }
  }
});

// Five raw clients in another process, connecting when told on stdin; they print each outcome.
const outsider = spawn(
  process.execPath,
  [
    '-e',
    `const net = require('node:net');
     process.stdin.once('data', async () => {
       const outcomes = await Promise.all(Array.from({ length: 5 }, () => new Promise((resolve) => {
         const s = net.connect(${port}, '127.0.0.1');
         let got = '';
         const t = setTimeout(() => { s.destroy(); resolve('silent'); }, 1000);
         s.on('data', (d) => { got += d; if (got === 'hi\\n') { clearTimeout(t); s.destroy(); resolve('served'); } });
         s.on('end', () => { clearTimeout(t); resolve('closed'); });
         s.on('error', (e) => { clearTimeout(t); resolve(e.code); });
       })));
       process.stdout.write(JSON.stringify(outcomes));
     });`,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
let outsiderOutput = '';
outsider.stdout.setEncoding('utf8').on('data', (d: string) => (outsiderOutput += d));
const outsiderDone = new Promise<void>((r) => outsider.on('close', () => r()));
await new Promise((r) => setTimeout(r, 300)); // let it start

/** 'served', 'closed' (EOF or reset before the greeting) or 'silent' (nothing in `secs`). */
async function greeting(input: InputPort, secs: number): Promise<string> {
  try {
    const got = await syncTimeout(secs, readBytesEvt(3, input));
    if (got === false) return 'silent';
    return got === eof ? 'closed' : 'served';
  } catch {
    return 'closed';
  }
}

const clients: [InputPort, OutputPort][] = [];
let connected = 0;
let notGreeted = 0;
let connectError: { class: string; message: string; errno: unknown } | null = null;
for (let i = 0; i < 200 && connectError === null; i++) {
  try {
    const pair = await tcpConnect('127.0.0.1', port);
    clients.push(pair);
    connected++;
    if ((await greeting(pair[0], 0.5)) !== 'served') notGreeted++;
  } catch (error) {
    connectError = {
      class: error instanceof Error ? error.constructor.name : typeof error,
      message: error instanceof Error ? error.message : String(error),
      errno: error instanceof ExnFailNetworkErrno ? error.errno : null,
    };
  }
}

// Out of descriptors: the outsider's clients connect now.
outsider.stdin.end('go\n');
await outsiderDone;
const outsiderOutcomes = JSON.parse(outsiderOutput || '[]') as string[];

// Free the descriptors: close every connection, both ends.
for (const [i, o] of [...clients, ...held]) {
  closeInputPort(i);
  await closeOutputPort(o).catch(() => {});
}
clients.length = 0;
held.length = 0;
await new Promise((r) => setTimeout(r, 200));

const tried = 5;
let servedAfter = 0;
for (let i = 0; i < tried; i++) {
  const [ci, co] = await tcpConnect('127.0.0.1', port);
  if ((await greeting(ci, 2)) === 'served') servedAfter++;
  closeInputPort(ci);
  await closeOutputPort(co);
}
for (const [i, o] of held) {
  closeInputPort(i);
  await closeOutputPort(o).catch(() => {});
}
tcpClose(listener);
printResult({
  connected,
  notGreeted,
  connectError,
  outsiderOutcomes,
  acceptErrors,
  servedAfter,
  tried,
});
