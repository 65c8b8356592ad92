/** Racket's end-of-file object: what a read returns once a port has no more data. */
import { racketPrint } from '../exn/print.js';

class Eof {
  [racketPrint](): string {
    return '#<eof>';
  }
}

export type EofObject = Eof;
export const eof: EofObject = Object.freeze(new Eof());
export const isEofObject = (v: unknown): v is EofObject => v === eof;
