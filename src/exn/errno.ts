/**
 * Node's system errors as Racket reports them: the POSIX errno (or getaddrinfo code) and the
 * C library's text, so a message reads `system error: Connection refused; errno=111` exactly as
 * Racket CS prints it on Linux (libuv's own texts are lower-case and differ).
 */
import { constants } from 'node:os';
import { getSystemErrorMap } from 'node:util';
import { type ErrnoKind } from './exn.js';

export interface SystemErrno {
  readonly text: string;
  readonly code: number;
  readonly kind: ErrnoKind;
}

/** glibc's `strerror` texts for the errors networking meets (Linux numbering). */
const POSIX_TEXT: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EINTR: 'Interrupted system call',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  ENODEV: 'No such device',
  EINVAL: 'Invalid argument',
  ENFILE: 'Too many open files in system',
  EMFILE: 'Too many open files',
  ENOSPC: 'No space left on device',
  EPIPE: 'Broken pipe',
  ENOTSOCK: 'Socket operation on non-socket',
  EDESTADDRREQ: 'Destination address required',
  EMSGSIZE: 'Message too long',
  EPROTOTYPE: 'Protocol wrong type for socket',
  ENOPROTOOPT: 'Protocol not available',
  EPROTONOSUPPORT: 'Protocol not supported',
  EOPNOTSUPP: 'Operation not supported',
  ENOTSUP: 'Operation not supported',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENETDOWN: 'Network is down',
  ENETUNREACH: 'Network is unreachable',
  ENETRESET: 'Network dropped connection on reset',
  ECONNABORTED: 'Software caused connection abort',
  ECONNRESET: 'Connection reset by peer',
  ENOBUFS: 'No buffer space available',
  EISCONN: 'Transport endpoint is already connected',
  ENOTCONN: 'Transport endpoint is not connected',
  ESHUTDOWN: 'Cannot send after transport endpoint shutdown',
  ETIMEDOUT: 'Connection timed out',
  ECONNREFUSED: 'Connection refused',
  EHOSTDOWN: 'Host is down',
  EHOSTUNREACH: 'No route to host',
  EALREADY: 'Operation already in progress',
  EINPROGRESS: 'Operation now in progress',
  ECANCELED: 'Operation canceled',
};

/** libuv's getaddrinfo codes (what Node puts in `errno`) → glibc's `EAI_*` value and text. */
const GAI: Readonly<Record<number, readonly [number, string]>> = {
  [-3000]: [-9, 'Address family for hostname not supported'], // UV_EAI_ADDRFAMILY
  [-3001]: [-3, 'Temporary failure in name resolution'], // UV_EAI_AGAIN
  [-3002]: [-1, 'Bad value for ai_flags'], // UV_EAI_BADFLAGS
  [-3003]: [-101, 'Request canceled'], // UV_EAI_CANCELED
  [-3004]: [-4, 'Non-recoverable failure in name resolution'], // UV_EAI_FAIL
  [-3005]: [-6, 'ai_family not supported'], // UV_EAI_FAMILY
  [-3006]: [-10, 'Memory allocation failure'], // UV_EAI_MEMORY
  [-3007]: [-5, 'No address associated with hostname'], // UV_EAI_NODATA
  [-3008]: [-2, 'Name or service not known'], // UV_EAI_NONAME
  [-3009]: [-12, 'Argument buffer overflow'], // UV_EAI_OVERFLOW
  [-3010]: [-8, 'Servname not supported for ai_socktype'], // UV_EAI_SERVICE
  [-3011]: [-7, 'ai_socktype not supported'], // UV_EAI_SOCKTYPE
};

/** Node's own stream errors (no errno) that mean "the connection is gone" for a write. */
const GONE_CODES = new Set([
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
  'ERR_SOCKET_CLOSED',
]);

const errnoNumbers = constants.errno as Readonly<Record<string, number>>;

function posix(name: string): SystemErrno {
  const code = errnoNumbers[name] ?? 0;
  let text = POSIX_TEXT[name];
  if (text === undefined) {
    // An error the table lacks: libuv's text, capitalised as the C library writes it.
    const uv = getSystemErrorMap().get(-code)?.[1] ?? name;
    text = uv.charAt(0).toUpperCase() + uv.slice(1);
  }
  return { text, code, kind: 'posix' };
}

/**
 * The errno for a POSIX error name (`'EMSGSIZE'`), for a failure racket-net detects itself
 * before asking the system (so it reads as the system's own would).
 */
export function posixErrno(name: string): SystemErrno {
  return posix(name);
}

/** libuv's numbers for the getaddrinfo failures racket-net detects itself. */
const UV_EAI = { EAI_ADDRFAMILY: -3000, EAI_NONAME: -3008 } as const;

/** The `'gai'` errno for a name-resolution failure detected without calling the resolver. */
export function gaiErrno(name: keyof typeof UV_EAI): SystemErrno {
  const [code, text] = GAI[UV_EAI[name]]!;
  return { text, code, kind: 'gai' };
}

/**
 * The errno Racket would report for a Node error: `{ text, code, kind }`, where `kind` is
 * `'gai'` for name-resolution failures and `'posix'` otherwise. Node's own stream errors
 * (writing to a destroyed socket) count as EPIPE; anything unrecognised as EIO.
 */
export function systemErrno(err: unknown): SystemErrno {
  const e = err as Partial<NodeJS.ErrnoException> | null | undefined;
  const errno = typeof e?.errno === 'number' ? e.errno : undefined;
  if (errno !== undefined && GAI[errno] !== undefined) {
    const [code, text] = GAI[errno];
    return { text, code, kind: 'gai' };
  }
  const name = typeof e?.code === 'string' ? e.code : undefined;
  if (name !== undefined && (errnoNumbers[name] !== undefined || POSIX_TEXT[name] !== undefined)) {
    return posix(name);
  }
  if (name === 'ENOTFOUND') return { text: 'Name or service not known', code: -2, kind: 'gai' };
  if (name !== undefined && GONE_CODES.has(name)) return posix('EPIPE');
  return posix('EIO');
}
