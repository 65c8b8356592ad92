/**
 * A server context's options: DHE and ECDHE key exchange, ALPN and SNI
 * (`ssl-server-context-enable-dhe!`, `ssl-server-context-enable-ecdhe!`, `ssl-set-server-alpn!`,
 * `ssl-set-server-name-identification-callback!`).
 */
import { readFileSync } from 'node:fs';
import { posixErrno } from '../exn/errno.js';
import { check, contractError, failError, isProcedure } from '../exn/raise.js';
import { changeContext, SslServerContext } from './context-core.js';
import { isPathString, serverContextArg } from './target.js';
import { isAlpnProtocol } from './args.js';

/** A curve name for {@link sslServerContextEnableEcdhe} (Racket's `curve/c`). */
export type SslCurve =
  | 'sect163k1'
  | 'sect163r1'
  | 'sect163r2'
  | 'sect193r1'
  | 'sect193r2'
  | 'sect233k1'
  | 'sect233r1'
  | 'sect239k1'
  | 'sect283k1'
  | 'sect283r1'
  | 'sect409k1'
  | 'sect409r1'
  | 'sect571k1'
  | 'sect571r1'
  | 'secp160k1'
  | 'secp160r1'
  | 'secp160r2'
  | 'secp192k1'
  | 'secp224k1'
  | 'secp224r1'
  | 'secp256k1'
  | 'secp384r1'
  | 'secp521r1'
  | 'prime192v1'
  | 'prime256v1';

/** The curves Racket knows by name, in its order. */
const CURVES: readonly SslCurve[] = [
  'sect163k1',
  'sect163r1',
  'sect163r2',
  'sect193r1',
  'sect193r2',
  'sect233k1',
  'sect233r1',
  'sect239k1',
  'sect283k1',
  'sect283r1',
  'sect409k1',
  'sect409r1',
  'sect571k1',
  'sect571r1',
  'secp160k1',
  'secp160r1',
  'secp160r2',
  'secp192k1',
  'secp224k1',
  'secp224r1',
  'secp256k1',
  'secp384r1',
  'secp521r1',
  'prime192v1',
  'prime256v1',
];

const CURVE_CONTRACT = `(or/c ${CURVES.map((c) => `(quote ${c})`).join(' ')})`;

/**
 * Limits a server context's elliptic-curve key exchange to one curve (Racket:
 * `ssl-server-context-enable-ecdhe!`), `'secp521r1'` by default. (Node servers do ECDHE
 * without this, over their default curves.)
 *
 * @throws {@link ExnFail} `…: context is sealed; …`.
 * @throws {@link ExnFailContract} for a client context or an unknown curve.
 */
export function sslServerContextEnableEcdhe(
  ctx: SslServerContext,
  curve: SslCurve = 'secp521r1',
): void {
  const who = 'ssl-server-context-enable-ecdhe!';
  const context = serverContextArg(who, ctx);
  if (!(CURVES as readonly unknown[]).includes(curve))
    throw contractError(who, CURVE_CONTRACT, curve);
  changeContext(who, context).ecdhCurve = curve;
}

const DH_BLOCK = /-----BEGIN DH PARAMETERS-----[\s\S]*?-----END DH PARAMETERS-----/;

/**
 * Enables Diffie-Hellman key exchange on a server context (Racket:
 * `ssl-server-context-enable-dhe!`), with PEM DH parameters from a file or bytes. Without
 * `params`, Node chooses a well-known RFC 7919 group matching the key (Racket uses its
 * built-in 4096-bit parameters).
 *
 * @throws {@link ExnFail} `open-input-file: cannot open input file\n  path: …` for a file that
 * cannot be read; `ssl-server-context-enable-dhe!: loading Diffie-Hellman parameters failed`
 * for data without DH parameters; `…: context is sealed; …`.
 * @throws {@link ExnFailContract} for a bad argument.
 */
export function sslServerContextEnableDhe(
  ctx: SslServerContext,
  params?: string | Uint8Array,
): void {
  const who = 'ssl-server-context-enable-dhe!';
  const context = serverContextArg(who, ctx);
  check(
    who,
    (v): v is string | Uint8Array | undefined =>
      v === undefined || isPathString(v) || v instanceof Uint8Array,
    '(or/c path-string? bytes?)',
    params,
  );
  let dhparam = 'auto';
  if (params !== undefined) {
    let data: string;
    if (typeof params === 'string') {
      try {
        data = readFileSync(params, 'latin1');
      } catch (error) {
        const { code, text } = posixErrno((error as NodeJS.ErrnoException).code ?? 'EIO');
        throw failError('open-input-file', 'cannot open input file', [
          ['path', params],
          ['system error', `${text}; errno=${code}`],
        ]);
      }
    } else {
      data = Buffer.from(params.buffer, params.byteOffset, params.byteLength).toString('latin1');
    }
    const block = DH_BLOCK.exec(data);
    if (!block) throw failError(who, 'loading Diffie-Hellman parameters failed');
    dhparam = block[0];
  }
  changeContext(who, context).dhparam = dhparam;
}

/**
 * Sets the ALPN protocols a server context accepts, most preferred first (Racket:
 * `ssl-set-server-alpn!`): the server picks its most preferred protocol among the client's.
 * `allowNoMatch` (default true) lets a client whose protocols all differ connect without one —
 * **Node cannot** (20 to 26, each tried): such a client is refused with a
 * `no_application_protocol` alert either way.
 *
 * @throws {@link ExnFail} `…: context is sealed; …`.
 * @throws {@link ExnFailContract} for a client context, a protocol that is not 1–255 bytes, or
 * a non-boolean `allowNoMatch`.
 * @example
 * ```ts
 * sslSetServerAlpn(serverCtx, [Buffer.from('h2'), Buffer.from('http/1.1')]);
 * ```
 */
export function sslSetServerAlpn(
  ctx: SslServerContext,
  protocols: readonly Uint8Array[],
  allowNoMatch = true,
): void {
  const who = 'ssl-set-server-alpn!';
  const context = serverContextArg(who, ctx);
  if (!Array.isArray(protocols)) throw contractError(who, 'list?', protocols);
  for (const p of protocols as unknown[]) check(who, isAlpnProtocol, 'alpn-protocol-bytes/c', p);
  check(who, (v): v is boolean => typeof v === 'boolean', 'boolean?', allowNoMatch);
  const options = changeContext(who, context);
  options.alpn = protocols.map((p) => Uint8Array.from(p));
  options.alpnAllowNoMatch = allowNoMatch;
}

/**
 * Sets a server context's SNI callback (Racket:
 * `ssl-set-server-name-identification-callback!`): for each client that sends a server name,
 * `callback(name)` returns the server context to continue with (its key and certificate), or
 * `false` to keep this one.
 *
 * @throws {@link ExnFail} `…: context is sealed; …`.
 * @throws {@link ExnFailContract} for a client context or a callback that is not a function;
 * during a handshake, a callback that returns anything else fails that handshake.
 * @example
 * ```ts
 * sslSetServerNameIdentificationCallback(defaultCtx, (name) =>
 *   name === 'api.example' ? apiCtx : false,
 * );
 * ```
 */
export function sslSetServerNameIdentificationCallback(
  ctx: SslServerContext,
  callback: (serverName: string) => SslServerContext | false,
): void {
  const who = 'ssl-set-server-name-identification-callback!';
  const context = serverContextArg(who, ctx);
  check(who, isProcedure, 'a procedure', callback);
  changeContext(who, context).sniCallback = (name: string) => {
    const result: unknown = callback(name);
    if (result === false || result instanceof SslServerContext) return result;
    throw contractError(who, `(or/c ssl-server-context? #f)`, result);
  };
}
