/** From `racket/port`: `portToBytes`, `portToString`, `copyPort`, `portToLines`, `portToBytesLines`. */
import { check } from '../exn/raise.js';
import { type Attempt, attemptOrWait } from './attempt-evt.js';
import { checkInputPort, checkLineMode } from './check.js';
import { type LineMode } from './line-scan.js';
import { takeLine } from './input-text.js';
import { type EofObject, isEofObject } from './eof.js';
import { type InputPort } from './input-port.js';
import { isOutputPort, type OutputPort } from './output-port.js';
import { decodeUtf8 } from './utf8.js';

const CHUNK = 65536;

/**
 * Reads `inp` to its end and resolves to all its bytes, in one array (Racket: `port->bytes`,
 * from `racket/port`).
 *
 * @throws {@link ExnFailContract} if `inp` is not an input port.
 * @throws {@link ExnFail} if the port is closed before its end.
 * @throws {@link ExnFailNetworkErrno} if the port's source fails (a TCP reset).
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 */
export async function portToBytes(inp: InputPort): Promise<Uint8Array> {
  const who = 'port->bytes';
  const port = checkInputPort(who, inp);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    // Takes whatever is buffered, sized to fit (a small read does not pin a large buffer).
    const part = await attemptOrWait(port, false, takeAll, who, Infinity);
    if (isEofObject(part)) break;
    parts.push(part);
    total += part.length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Reads `inp` to its end and resolves to its contents decoded as UTF-8 (Racket:
 * `port->string`, from `racket/port`).
 *
 * @throws as {@link portToBytes} does.
 */
export async function portToString(inp: InputPort): Promise<string> {
  checkInputPort('port->string', inp);
  return decodeUtf8(await portToBytes(inp));
}

/**
 * Copies everything from `inp` to each of `outs` until `inp`'s end, then resolves; the ports
 * stay open (Racket: `copy-port`, from `racket/port`). Bytes are copied as they arrive; each
 * output's buffer mode decides when they go on.
 *
 * @throws {@link ExnFailContract} if `inp` is not an input port or an output is not an output
 *   port.
 * @throws what a read from `inp` or a write to an output raises (a closed port, a reset).
 * @example
 * ```ts
 * // An echo server's connection thread.
 * fileStreamBufferMode(output, 'none');
 * await copyPort(input, output);
 * closeInputPort(input);
 * await closeOutputPort(output);
 * ```
 */
export async function copyPort(inp: InputPort, ...outs: OutputPort[]): Promise<void> {
  const who = 'copy-port';
  const port = checkInputPort(who, inp);
  for (const out of outs) check(who, isOutputPort, 'output-port?', out);
  const buffer = new Uint8Array(CHUNK);
  for (;;) {
    const n = await attemptOrWait(port, false, readAvailInto, who, buffer);
    if (isEofObject(n)) return;
    for (const out of outs) await out.write(who, buffer, 0, n);
  }
}

const takeAll = (port: InputPort, who: string, max: number) => port.takeAvail(who, max);
const readAvailInto = (port: InputPort, who: string, buffer: Uint8Array) =>
  port.readAvailInto(who, buffer, 0, buffer.length);

/**
 * Reads `inp` to its end and resolves to its lines, decoded as UTF-8, without their separators
 * (Racket: `port->lines`, from `racket/port`). `mode` is as {@link readLine}'s, but defaults to
 * `'any'` as Racket's does (a CRLF, a CR or a LF ends a line).
 *
 * @throws {@link ExnFailContract} if `inp` is not an input port or `mode` not a line mode.
 * @throws what a read from `inp` raises (a closed port, a reset).
 */
export async function portToLines(inp: InputPort, mode: LineMode = 'any'): Promise<string[]> {
  return lines('port->lines', inp, mode, true);
}

/**
 * Like {@link portToLines}, but each line as bytes, not decoded (Racket: `port->bytes-lines`,
 * from `racket/port`).
 *
 * @throws as {@link portToLines} does.
 */
export async function portToBytesLines(
  inp: InputPort,
  mode: LineMode = 'any',
): Promise<Uint8Array[]> {
  return lines('port->bytes-lines', inp, mode, false);
}

async function lines(who: string, inp: unknown, mode: unknown, asText: true): Promise<string[]>;
async function lines(
  who: string,
  inp: unknown,
  mode: unknown,
  asText: false,
): Promise<Uint8Array[]>;
async function lines(
  who: string,
  inp: unknown,
  mode: unknown,
  asText: boolean,
): Promise<(string | Uint8Array)[]> {
  const port = checkInputPort(who, inp);
  const m = checkLineMode(who, mode ?? 'any');
  const out: (string | Uint8Array)[] = [];
  const take: Attempt<InputPort, string, LineMode, string | Uint8Array | EofObject> = asText
    ? takeText
    : takeBytesLine;
  for (;;) {
    const line = await attemptOrWait(port, false, take, who, m);
    if (isEofObject(line)) return out;
    out.push(line);
  }
}

const takeText = (port: InputPort, who: string, mode: LineMode) => takeLine(port, who, mode, true);
const takeBytesLine = (port: InputPort, who: string, mode: LineMode) =>
  takeLine(port, who, mode, false);
