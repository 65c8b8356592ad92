/**
 * Socket paths: `unixSocketAvailable`, `isUnixSocketPath`, and the path Node is given.
 *
 * Racket's check is on the *complete* path (relative to the current directory, repeated
 * slashes collapsed), whose bytes must fit in `sockaddr_un.sun_path`: 108 bytes on Linux, 104
 * on macOS and the BSDs. Node would silently truncate a longer path (Node 20) or refuse it
 * (Node 22+), so every binding checks first. Node takes that complete path too, so the socket
 * is the one Racket would use even if the current directory changes later.
 *
 * Abstract names (Linux only) are byte strings that start with 0; Node takes them as strings,
 * so a name must be valid UTF-8 to be usable: one that is not is refused here (Racket takes any
 * bytes).
 */
import { platform } from 'node:process';

const LINUX = platform === 'linux' || platform === 'android';

/**
 * Whether this platform has unix domain sockets as Racket knows them (Racket:
 * `unix-socket-available?`): Linux, macOS and the BSDs; not Windows, whose Node pipes are named
 * pipes.
 */
export const unixSocketAvailable: boolean =
  LINUX || ['darwin', 'freebsd', 'openbsd', 'netbsd'].includes(platform);

/** `sizeof(sun_path)`: Racket's `UNIX-PATH-MAX`. */
export const UNIX_PATH_MAX = LINUX ? 108 : 104;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** What Node is given for a socket path: the complete file path, or `"\0…"` for an abstract name. */
export interface SocketAddress {
  readonly nodePath: string;
  /** The socket's file (the complete path), or `null` for an abstract name. */
  readonly file: string | null;
}

/** The complete path of a path string as Racket's `cleanse-path (path->complete-path p)`. */
function completePath(path: string): string {
  const complete = path.startsWith('/') ? path : `${process.cwd()}/${path}`;
  return complete.replace(/\/{2,}/g, '/');
}

/** The address `v` names, or `null` if it is not a usable socket path. */
export function socketAddressOf(v: unknown): SocketAddress | null {
  if (typeof v === 'string') {
    // Racket's `path-string?`: not empty, no NUL.
    if (v.length === 0 || v.includes('\0')) return null;
    const file = completePath(v);
    return encoder.encode(file).length <= UNIX_PATH_MAX ? { nodePath: file, file } : null;
  }
  if (LINUX && v instanceof Uint8Array && v.length > 0 && v.length <= UNIX_PATH_MAX && v[0] === 0) {
    try {
      return { nodePath: utf8.decode(v), file: null };
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Whether `v` can name a unix domain socket (Racket: `unix-socket-path?`): a path string whose
 * complete path is at most 108 bytes (104 on macOS and the BSDs), or on Linux a `Uint8Array`
 * of at most 108 bytes starting with 0, an abstract name (which racket-net also requires to be
 * valid UTF-8, as Node takes names as strings). Never raises.
 *
 * @example
 * ```ts
 * isUnixSocketPath('/tmp/app.sock');                        // true
 * isUnixSocketPath(new TextEncoder().encode('\0app-name')); // true on Linux
 * isUnixSocketPath('/tmp/' + 'x'.repeat(200));              // false: too long
 * ```
 */
export function isUnixSocketPath(v: unknown): boolean {
  return socketAddressOf(v) !== null;
}
