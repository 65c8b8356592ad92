/**
 * SSL contexts (Racket's `ssl-make-client-context`, `ssl-make-server-context`): the classes and
 * their settings (`context-core.ts`), and {@link contextFor}, which connect, listen and
 * `portsToSslPorts` use to turn their `protocolOrContext` argument into a context.
 */
import { contractError } from '../exn/raise.js';
import { makeRawContext, PROTOCOL_CONTRACT, SslContext, isSslProtocol } from './context-core.js';
import { sslSecureClientContext } from './secure.js';

export * from './context-core.js';

/**
 * The context for `protocolOrContext` as given to sslConnect/sslListen/portsToSslPorts (`who`
 * = the caller's Racket name for errors): a protocol string makes a fresh context (`'secure'`
 * on a client = `sslSecureClientContext()`; on a server = `'auto'`), a context of the right
 * side is used as it is.
 *
 * @throws {@link ExnFailContract} for anything else (Racket's `(or/c ssl-client-context?
 * (or/c (quote secure) …))`), {@link ExnFailUnsupported} for `'sslv2'`, `'sslv3'` and
 * `'sslv2-or-v3'`.
 */
export function contextFor(
  who: string,
  protocolOrContext: unknown,
  side: 'client' | 'server',
): SslContext {
  if (protocolOrContext instanceof SslContext && protocolOrContext.side === side) {
    return protocolOrContext;
  }
  if (isSslProtocol(protocolOrContext)) {
    if (side === 'client' && protocolOrContext === 'secure') {
      return sslSecureClientContext();
    }
    return makeRawContext(who, protocolOrContext === 'secure' ? 'auto' : protocolOrContext, side);
  }
  throw contractError(who, `(or/c ssl-${side}-context? ${PROTOCOL_CONTRACT})`, protocolOrContext);
}
