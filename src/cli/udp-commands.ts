/**
 * The `--udp` forms of `connect`, `listen` and `echo`. A datagram is a line: `connect` sends
 * each line of stdin (without its terminator) as one datagram, and every datagram printed
 * ends with a newline (added unless the datagram already ends with one).
 */
import { currentCustodian, custodianShutdownAll, makeCustodian } from '../custodian/custodian.js';
import { sleep } from '../evt/time.js';
import { isExnFailNetwork } from '../exn/exn.js';
import { parameterize } from '../parameter/parameter.js';
import { isEofObject } from '../port/eof.js';
import { type OutputPort } from '../port/output-port.js';
import { readBytesLine } from '../port/read.js';
import { flushOutput, writeBytes, writeString } from '../port/write.js';
import { thread } from '../thread/thread.js';
import { udpAddresses } from '../udp/addresses.js';
import { udpBind, udpConnect, udpOpenSocket } from '../udp/lifecycle.js';
import { udpReceive } from '../udp/receive.js';
import { udpSend, udpSendTo } from '../udp/send.js';
import { type Udp } from '../udp/socket.js';
import { announceListening } from './announce.js';
import { UsageError } from './errors.js';
import { untilInterrupted } from './interrupt.js';
import { stdin, stdout } from './stdio.js';

/** The largest UDP payload (IPv6); a longer datagram would be truncated. */
const MAX_DATAGRAM = 65527;
const NEWLINE = 0x0a;

/** `--wait SECS`: a non-negative number of seconds (default 1). */
function waitSeconds(text: string | undefined): number {
  if (text === undefined) return 1;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(`--wait: expected a number of seconds, given: ${text}`);
  }
  return seconds;
}

/** Prints one datagram on `out`, as a line. */
async function printDatagram(out: OutputPort, buffer: Uint8Array, length: number): Promise<void> {
  await writeBytes(buffer, out, 0, length);
  if (length === 0 || buffer[length - 1] !== NEWLINE) await writeString('\n', out);
  await flushOutput(out);
}

/** A socket bound to `host` (all addresses when `false`) and `port`, announced on stderr. */
async function boundSocket(host: string | false, port: number): Promise<Udp> {
  const socket = await udpOpenSocket(host);
  await udpBind(socket, host, port);
  const [localHost, localPort] = udpAddresses(socket, true);
  announceListening(localHost, localPort);
  return socket;
}

/**
 * `rnet connect --udp HOST PORT`: a socket connected to HOST:PORT (so only its datagrams are
 * received); each stdin line is sent as one datagram while a thread prints what comes back.
 * Exits `wait` seconds after the end of stdin.
 */
export async function udpConnectCommand(
  host: string,
  port: number,
  wait: string | undefined,
): Promise<number> {
  const seconds = waitSeconds(wait);
  // Opened outside the session's custodian, so that closing the session leaves it open.
  const out = stdout();
  const session = makeCustodian();
  try {
    await parameterize(currentCustodian, session, async () => {
      const socket = await udpOpenSocket(host);
      await udpBind(socket, false, 0); // bound now, so replies can be received from the start
      await udpConnect(socket, host, port);
      thread(async () => {
        const buffer = new Uint8Array(MAX_DATAGRAM);
        for (;;) {
          const [length] = await udpReceive(socket, buffer);
          await printDatagram(out, buffer, length);
        }
      });
      for (;;) {
        const line = await readBytesLine(stdin(), 'any');
        if (isEofObject(line)) break;
        await udpSend(socket, line);
      }
      await sleep(seconds);
    });
  } finally {
    // Stops the printing thread; anything it wrote is flushed below.
    custodianShutdownAll(session);
  }
  await flushOutput(out);
  return 0;
}

/** `rnet listen --udp [--host H] PORT`: prints every datagram that arrives, until Ctrl-C. */
export async function udpListenCommand(host: string | false, port: number): Promise<number> {
  const out = stdout(); // outside the server's custodian: still open after Ctrl-C
  await untilInterrupted(async () => {
    const socket = await boundSocket(host, port);
    const buffer = new Uint8Array(MAX_DATAGRAM);
    for (;;) {
      const [length] = await udpReceive(socket, buffer);
      await printDatagram(out, buffer, length);
    }
  });
  await flushOutput(out);
  return 0;
}

/**
 * `rnet echo --udp [--host H] PORT`: sends each datagram back to where it came from, until
 * Ctrl-C; then prints `datagrams N, bytes M` on stderr.
 */
export async function udpEchoCommand(host: string | false, port: number): Promise<number> {
  let datagrams = 0;
  let bytes = 0;
  await untilInterrupted(async () => {
    const socket = await boundSocket(host, port);
    const buffer = new Uint8Array(MAX_DATAGRAM);
    for (;;) {
      const [length, from, fromPort] = await udpReceive(socket, buffer);
      datagrams++;
      bytes += length;
      try {
        await udpSendTo(socket, from, fromPort, buffer, 0, length);
      } catch (error) {
        // A sender that cannot be answered does not stop the server.
        if (!isExnFailNetwork(error)) throw error;
      }
    }
  });
  process.stderr.write(`datagrams ${datagrams}, bytes ${bytes}\n`);
  return 0;
}
