/**
 * The two protocols of the server workloads, shared by every server and the load client.
 *
 * HTTP/1.1: a `GET` with keep-alive (what `wrk` sends), answered with {@link HTTP_RESPONSE}.
 * Length-prefixed: a request is a 4-byte big-endian length and that many payload bytes; the
 * response is the same frame echoed.
 */

/** The answer to every HTTP request: 200, a 5-byte body. */
export const HTTP_RESPONSE =
  'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello';

/** The line a server child prints once it listens, before it serves. */
export interface ServerReady {
  readonly port: number;
  /** What runs the server: `Node v20.20.2`, `Racket 8.7 [cs]`. */
  readonly runtime: string;
}

/** Bytes of a length-prefixed frame's header. */
export const LP_HEADER_BYTES = 4;
