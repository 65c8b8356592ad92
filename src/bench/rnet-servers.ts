/**
 * The server workloads' servers written with racket-net's public API, as a user would write
 * them: an accept loop in a `thread`, one `thread` per connection, block-buffered output flushed
 * only when no more input is buffered (`isByteReady`), so that pipelined requests read together
 * are answered in one write.
 */
import {
  type InputPort,
  type OutputPort,
  closeInputPort,
  closeOutputPort,
  flushOutput,
  isByteReady,
  isEofObject,
  isExnFailNetwork,
  readBytes,
  readBytesAvail,
  readLine,
  tcpAccept,
  tcpAddresses,
  tcpListen,
  thread,
  writeBytes,
  writeString,
} from '../index.js';
import { type RnetServerName } from './server-config.js';
import { HTTP_RESPONSE, LP_HEADER_BYTES } from './server-protocols.js';

type Serve = (input: InputPort, output: OutputPort) => Promise<void>;

/**
 * Listens on an ephemeral loopback port and serves each connection in a thread of its own;
 * returns the port. A connection the client resets ends quietly; any other error escapes its
 * thread (and is printed, as Racket prints it).
 */
async function startServer(serve: Serve): Promise<number> {
  const listener = await tcpListen(0, 4096, true, '127.0.0.1');
  thread(async () => {
    for (;;) {
      const [input, output] = await tcpAccept(listener);
      thread(async () => {
        try {
          await serve(input, output);
        } catch (error) {
          if (!isExnFailNetwork(error)) throw error;
        } finally {
          closeInputPort(input);
          await closeOutputPort(output).catch((error: unknown) => {
            if (!isExnFailNetwork(error)) throw error;
          });
        }
      });
    }
  });
  return tcpAddresses(listener, true)[1];
}

/** HTTP: `readLine` each request's lines up to the empty one, then `writeString` the response. */
async function serveHttpByLines(input: InputPort, output: OutputPort): Promise<void> {
  for (;;) {
    const requestLine = await readLine(input, 'return-linefeed');
    if (isEofObject(requestLine)) return;
    for (;;) {
      const header = await readLine(input, 'return-linefeed');
      if (isEofObject(header)) return;
      if (header === '') break;
    }
    await writeString(HTTP_RESPONSE, output);
    if (!isByteReady(input)) await flushOutput(output);
  }
}

const END_OF_HEADERS = Buffer.from('\r\n\r\n');
const RESPONSE_BYTES = Buffer.from(HTTP_RESPONSE);

/**
 * HTTP: `readBytesAvail` into a buffer, answer every request whose headers it holds in full
 * (up to "\r\n\r\n"), keep the rest for the next read.
 */
async function serveHttpByBuffer(input: InputPort, output: OutputPort): Promise<void> {
  const buffer = Buffer.alloc(16 * 1024);
  let have = 0;
  for (;;) {
    if (have === buffer.length) return; // headers larger than the buffer: give up
    const n = await readBytesAvail(buffer, input, have);
    if (isEofObject(n)) return;
    have += n;
    let start = 0;
    for (;;) {
      const end = buffer.subarray(0, have).indexOf(END_OF_HEADERS, start);
      if (end < 0) break;
      await writeBytes(RESPONSE_BYTES, output);
      start = end + END_OF_HEADERS.length;
    }
    buffer.copyWithin(0, start, have);
    have -= start;
    if (!isByteReady(input)) await flushOutput(output);
  }
}

/** Length-prefixed: `readBytes` the length, then the payload; write both back. */
async function serveLengthPrefixed(input: InputPort, output: OutputPort): Promise<void> {
  for (;;) {
    const header = await readBytes(LP_HEADER_BYTES, input);
    if (isEofObject(header) || header.length < LP_HEADER_BYTES) return;
    const length = new DataView(header.buffer, header.byteOffset).getUint32(0);
    const payload = await readBytes(length, input);
    if (isEofObject(payload) || payload.length < length) return;
    await writeBytes(header, output);
    await writeBytes(payload, output);
    if (!isByteReady(input)) await flushOutput(output);
  }
}

const SERVERS: Record<RnetServerName, Serve> = {
  'http-lines': serveHttpByLines,
  'http-buffer': serveHttpByBuffer,
  lp: serveLengthPrefixed,
};

/** Starts racket-net's server `name`; returns its port. */
export function startRnetServer(name: RnetServerName): Promise<number> {
  return startServer(SERVERS[name]);
}
