/**
 * `inLines(in, mode)`: Racket's `in-lines` as an async iterator, for `for await`.
 * Each step is one `readLine`, so breaks and kills act on it as on any read; the iteration
 * ends at EOF. Leaving the loop early leaves the port open (as `in-lines` does).
 */
import { isEofObject } from '../port/eof.js';
import { type InputPort, type LineMode } from '../port/input-port.js';
import { readBytesLine, readLine } from '../port/read.js';

export async function* inLines(
  port: InputPort,
  mode: LineMode = 'any',
): AsyncGenerator<string, void, undefined> {
  for (;;) {
    const line = await readLine(port, mode);
    if (isEofObject(line)) return;
    yield line;
  }
}

/** `in-bytes-lines`: the same, each line as bytes. */
export async function* inBytesLines(
  port: InputPort,
  mode: LineMode = 'any',
): AsyncGenerator<Uint8Array, void, undefined> {
  for (;;) {
    const line = await readBytesLine(port, mode);
    if (isEofObject(line)) return;
    yield line;
  }
}
