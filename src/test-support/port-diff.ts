/**
 * The observation format of the port differential tests: the Racket prelude whose `obs` prints
 * one line per observation, and the same printing on the racket-net side (`Log.obs`).
 */
import { isEofObject } from '../index.js';

/** Racket's side: `show`, `obs` and `pipe-with`, before a scenario's own code. */
export const PORT_DIFF_PRELUDE = `#lang racket/base
(require racket/port racket/string)
(define (show v)
  (cond [(bytes? v) (string-append "b:" (string-join (map number->string (bytes->list v)) ","))]
        [(string? v) (string-append "s:" (string-join (map (lambda (c) (number->string (char->integer c))) (string->list v)) ","))]
        [(eof-object? v) "eof"]
        [(char? v) (show (string v))]
        [else (format "~a" v)]))
(define-syntax-rule (obs e)
  (displayln (with-handlers ([exn:fail? (lambda (x) (string-append "E:" (string-replace (exn-message x) "\\n" "|")))])
               (show e))))
(define (pipe-with bs close?)
  (define-values (i o) (make-pipe))
  (write-bytes bs o)
  (when close? (close-output-port o))
  (values i o))
`;

/** An observation as the prelude's `show` prints it. */
export function show(v: unknown): string {
  if (v instanceof Uint8Array) return 'b:' + [...v].join(',');
  if (typeof v === 'string') return 's:' + [...v].map((c) => c.codePointAt(0)).join(',');
  // A mutable string (`readStringInto`'s) is an array of one-character strings.
  if (Array.isArray(v)) return show(v.join(''));
  if (isEofObject(v)) return 'eof';
  if (v === false) return '#f';
  if (v === true) return '#t';
  return String(v);
}

/** Collects observations as the Racket prelude's `obs` prints them. */
export class Log {
  lines: string[] = [];
  async obs(f: () => unknown): Promise<void> {
    try {
      this.lines.push(show(await f()));
    } catch (e) {
      this.lines.push('E:' + (e as Error).message.replaceAll('\n', '|'));
    }
  }
}
