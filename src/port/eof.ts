/** Racket's end-of-file object: what a read returns once a port has no more data. */
import { racketPrint } from '../exn/print.js';

class Eof {
  [racketPrint](): string {
    return '#<eof>';
  }
}

/** The type of {@link eof}. */
export type EofObject = Eof;
/** Racket's `eof`: the one value a read returns at end of file. Compare with `===`. */
export const eof: EofObject = Object.freeze(new Eof());
/** Whether `v` is {@link eof} (Racket: `eof-object?`). Never raises. */
export const isEofObject = (v: unknown): v is EofObject => v === eof;
