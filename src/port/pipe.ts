/**
 * `makePipe`: an in-memory port pair. The output side writes straight into the input side's
 * queue (no buffer mode). With a `limit`, writers wait while `limit` bytes are unread — except
 * that a reader waiting for N bytes at once (`readBytes`, a line) lets the pipe hold N, since
 * racket-net reads commit whole and would otherwise wait forever on a small pipe. As in Racket,
 * bytes peeked do not count against the limit until they are read.
 */
import { check, isExactPositiveInteger } from '../exn/raise.js';
import { InputPort } from './input-port.js';
import { OutputPort } from './output-port.js';

/**
 * An in-memory pipe: bytes written to the output port are read from the input port (Racket:
 * `make-pipe`). With a `limit`, a writer waits while `limit` bytes are unread (a reader
 * waiting for more bytes at once lets the pipe hold that many, and bytes peeked but not yet
 * read do not count); without, the pipe is unbounded.
 * Closing the output port gives the reader EOF. Pipes have no buffer mode and, as in Racket,
 * belong to no custodian: a custodian shutdown leaves them open.
 *
 * @throws {@link ExnFailContract} if `limit` is neither a positive integer nor `false`/`null`.
 * @example
 * ```ts
 * const [input, output] = makePipe();
 * await writeString('hello\n', output);
 * await readLine(input); // 'hello'
 * await closeOutputPort(output);
 * await readLine(input); // eof
 * ```
 */
export function makePipe(limit: number | false | null = false): [InputPort, OutputPort] {
  const bound =
    limit == null || limit === false
      ? Infinity
      : check('make-pipe', isExactPositiveInteger, '(or/c #f exact-positive-integer?)', limit);
  const input = new InputPort(
    'pipe',
    {
      // The reader made room (or needs more): a waiting writer may go on.
      resume: () => output.sinkReady(),
      pause: () => {},
      // Writes to a pipe whose reader has gone are discarded: a waiting writer goes on.
      close: () => output.sinkReady(),
    },
    { highWater: bound },
  );
  const output: OutputPort = new OutputPort(
    'pipe',
    {
      room: () => (input.isClosed ? Infinity : input.room),
      // The writer's bytes are already a private copy: the queue keeps them as they are.
      write: (chunk) => input.push(chunk),
      end: () => input.pushEof(),
      abort: () => input.pushEof(),
    },
    false,
  );
  return [input, output];
}
