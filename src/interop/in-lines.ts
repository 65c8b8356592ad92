/**
 * `inLines(in, mode)`: Racket's `in-lines` as an async iterator, for `for await`.
 * Each step is one `readLine`, so breaks and kills act on it as on any read; the iteration
 * ends at EOF. Leaving the loop early leaves the port open (as `in-lines` does).
 * Arguments are checked at the call, not at the first step.
 */
import { type EofObject, isEofObject } from '../port/eof.js';
import { checkInputPort, checkLineMode } from '../port/check.js';
import { type InputPort, type LineMode } from '../port/input-port.js';
import { readBytesLine, readLine } from '../port/read.js';

/**
 * The lines of `port`, read one by one with {@link readLine}, as an async iterator for
 * `for await`; it ends at EOF (Racket: `in-lines`, whose default `mode` is `'any'`). Leaving the
 * loop early leaves the port open.
 *
 * @throws {@link ExnFailContract} at the call if `port` is not an input port or `mode` is not a
 *   line mode.
 * @throws what `readLine` raises, from the step it fails.
 * @example
 * ```ts
 * for await (const line of inLines(input)) console.log(line);
 * ```
 */
export function inLines(
  port: InputPort,
  mode: LineMode = 'any',
): AsyncGenerator<string, void, undefined> {
  return linesOf(checkInputPort('in-lines', port), checkLineMode('in-lines', mode), readLine);
}

/**
 * Like {@link inLines}, each line as bytes, read with {@link readBytesLine} (Racket:
 * `in-bytes-lines`).
 *
 * @throws {@link ExnFailContract} at the call if `port` is not an input port or `mode` is not a
 *   line mode.
 * @throws what `readBytesLine` raises, from the step it fails.
 */
export function inBytesLines(
  port: InputPort,
  mode: LineMode = 'any',
): AsyncGenerator<Uint8Array, void, undefined> {
  return linesOf(
    checkInputPort('in-bytes-lines', port),
    checkLineMode('in-bytes-lines', mode),
    readBytesLine,
  );
}

async function* linesOf<T>(
  port: InputPort,
  mode: LineMode,
  read: (port: InputPort, mode: LineMode) => Promise<T | EofObject>,
): AsyncGenerator<T, void, undefined> {
  for (;;) {
    const line = await read(port, mode);
    if (isEofObject(line)) return;
    yield line;
  }
}
