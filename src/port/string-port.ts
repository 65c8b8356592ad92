/**
 * String ports (Racket: `open-input-bytes`, `open-output-bytes`, …): an input port whose bytes
 * are all buffered from the start, and an output port whose bytes land in memory at once.
 *
 * Both are ordinary ports, so every read and write function, event and line mode works on them
 * unchanged: a read from an input string port is a read from buffered data (the same code as a
 * TCP read whose bytes have arrived), and a write to an output string port goes straight into
 * its bytes, with no buffer to flush (as in Racket, `getOutputBytes` right after a write sees it).
 */
import { argumentsError, check, checkNonnegativeInteger, contractError } from '../exn/raise.js';
import { formatValue } from '../exn/print.js';
import { copyBytes } from './bytes.js';
import { InputPort } from './input-port.js';
import { OutputPort } from './output-port.js';
import { type OutputSink } from './output-sink.js';
import { decodeUtf8Range, encodeUtf8 } from './utf8.js';

/** A string port's source: nothing to pause, resume or release. */
const NO_SOURCE = { resume: () => {}, pause: () => {}, close: () => {} };

const checkName = (who: string, name: unknown): string =>
  name === undefined
    ? 'string'
    : check(who, (v): v is string => typeof v === 'string', 'string?', name);

function inputPortOver(bytes: Uint8Array, name: string): InputPort {
  // No limit: the bytes are all there, and a limit would only make the port "pause" nothing.
  const port = new InputPort(name, NO_SOURCE, { highWater: Infinity, bufferMode: false });
  port.push(bytes);
  port.pushEof();
  return port;
}

/**
 * An input port that reads the bytes of `bstr` (copied: changing `bstr` later does not change
 * what the port reads), then EOF (Racket: `open-input-bytes`). Its name is `name` (default
 * `'string'`: it prints as `#<input-port:string>`).
 *
 * @throws {@link ExnFailContract} if `bstr` is not a `Uint8Array` or `name` is not a string.
 * @example
 * ```ts
 * const datagram = new TextEncoder().encode('PING 1\nPING 2\n');
 * const input = openInputBytes(datagram);
 * await readLine(input); // 'PING 1'
 * ```
 */
export function openInputBytes(bstr: Uint8Array, name?: string): InputPort {
  const who = 'open-input-bytes';
  const bytes = check(who, (v): v is Uint8Array => v instanceof Uint8Array, 'bytes?', bstr);
  return inputPortOver(copyBytes(bytes, 0, bytes.length), checkName(who, name));
}

/**
 * An input port that reads `str` encoded as UTF-8 (a lone surrogate as U+FFFD), then EOF
 * (Racket: `open-input-string`). Its name is `name` (default `'string'`).
 *
 * @throws {@link ExnFailContract} if `str` or `name` is not a string.
 * @example
 * ```ts
 * const input = openInputString('GET / HTTP/1.0\r\nHost: example.com\r\n\r\n');
 * await readLine(input, 'return-linefeed'); // 'GET / HTTP/1.0'
 * await readLine(input, 'return-linefeed'); // 'Host: example.com'
 * ```
 */
export function openInputString(str: string, name?: string): InputPort {
  const who = 'open-input-string';
  check(who, (v): v is string => typeof v === 'string', 'string?', str);
  return inputPortOver(encodeUtf8(str), checkName(who, name));
}

/** Where an output string port's bytes go: a growing array, written at once. */
class StringSink implements OutputSink {
  bytes = new Uint8Array(32);
  length = 0;
  room(): number {
    return Infinity;
  }
  /** Any write may lend its bytes: they are copied here before `write` returns. */
  lendAt(): number {
    return 0;
  }
  write(chunk: Uint8Array): void {
    const need = this.length + chunk.length;
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(chunk, this.length);
    this.length = need;
  }
  end(): void {}
  abort(): void {}
}

/** An output string port (Racket: `string-port?` and `output-port?`). @internal */
export class StringOutputPort extends OutputPort {
  readonly #content: StringSink;
  constructor(name: string) {
    const sink = new StringSink();
    super(name, sink, false);
    this.#content = sink;
  }
  /** @internal The bytes written so far (a view: copy before keeping). */
  get content(): Uint8Array {
    return this.#content.bytes.subarray(0, this.#content.length);
  }
  /** @internal Forgets the bytes written so far. */
  resetContent(): void {
    this.#content.bytes = new Uint8Array(32);
    this.#content.length = 0;
  }
}

/** Whether `v` is an output string port. @internal */
export const isStringOutputPort = (v: unknown): v is StringOutputPort =>
  v instanceof StringOutputPort;

/**
 * An output port that keeps the bytes written to it, for {@link getOutputBytes} and
 * {@link getOutputString} (Racket: `open-output-bytes`). Writes land at once: there is no
 * buffer to flush, and its buffer mode is `false`. Its name is `name` (default `'string'`).
 *
 * @throws {@link ExnFailContract} if `name` is not a string.
 * @example
 * ```ts
 * const out = openOutputBytes();
 * await writeBytes(new Uint8Array([1, 2, 3]), out);
 * getOutputBytes(out); // Uint8Array [1, 2, 3]
 * ```
 */
export function openOutputBytes(name?: string): OutputPort {
  return new StringOutputPort(checkName('open-output-bytes', name));
}

/**
 * The same as {@link openOutputBytes} (Racket: `open-output-string`); read what was written
 * with {@link getOutputString}.
 *
 * @throws {@link ExnFailContract} if `name` is not a string.
 * @example
 * ```ts
 * const out = openOutputString();
 * await fprintf(out, 'HTTP/1.0 ~a OK\r\n', 200);
 * getOutputString(out); // 'HTTP/1.0 200 OK\r\n'
 * ```
 */
export function openOutputString(name?: string): OutputPort {
  return new StringOutputPort(checkName('open-output-string', name));
}

const STRING_PORT = '(and/c output-port? string-port?)';

/**
 * The bytes written to the output string port `out`, from `start` to `end` (default: all of
 * them), as a fresh copy (Racket: `get-output-bytes`). With `reset` true, the port's content
 * is then emptied. Works on a closed port too.
 *
 * @throws {@link ExnFailContract} if `out` is not an output string port, or `start`/`end` is
 *   not an index into its content (`end` may be `false` for the end).
 * @example
 * ```ts
 * const out = openOutputBytes();
 * await writeString('hello', out);
 * getOutputBytes(out, true, 1, 3); // the bytes of 'el'; out is empty now
 * ```
 */
export function getOutputBytes(
  out: OutputPort,
  reset: unknown = false,
  start: number = 0,
  end?: number | false,
): Uint8Array {
  const who = 'get-output-bytes';
  if (!isStringOutputPort(out)) throw contractError(who, STRING_PORT, out);
  const s = checkNonnegativeInteger(who, start);
  if (end !== undefined && end !== false && !Number.isSafeInteger(end)) {
    throw contractError(who, '(or/c exact-nonnegative-integer? #f)', end);
  }
  if (typeof end === 'number' && end < 0) {
    throw contractError(who, '(or/c exact-nonnegative-integer? #f)', end);
  }
  const content = out.content;
  const length = content.length;
  const e = end === undefined || end === false ? length : end;
  const fields = (label: string, index: number, lo: number): [string, string][] => [
    [label, String(index)],
    ['valid range', `[${lo}, ${length}]`],
    ['port content', formatValue(out)],
  ];
  if (s > length) {
    throw argumentsError(who, 'starting index is out of range', fields('starting index', s, 0));
  }
  if (e > length || e < s) {
    throw argumentsError(who, 'ending index is out of range', fields('ending index', e, s));
  }
  const bytes = copyBytes(content, s, e);
  if (reset !== false && reset != null) out.resetContent();
  return bytes;
}

/**
 * The text written to the output string port `out`, decoded from UTF-8 as Racket does (an
 * invalid byte as U+FFFD) (Racket: `get-output-string`).
 *
 * @throws {@link ExnFailContract} if `out` is not an output string port.
 * @example
 * ```ts
 * const out = openOutputString();
 * await display([1, 'a'], out);
 * getOutputString(out); // '(1 a)'
 * ```
 */
export function getOutputString(out: OutputPort): string {
  if (!isStringOutputPort(out)) throw contractError('get-output-string', STRING_PORT, out);
  const content = out.content;
  return decodeUtf8Range(content, 0, content.length);
}
