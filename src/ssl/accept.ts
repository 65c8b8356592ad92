/** `sslAccept` and `sslAcceptEnableBreak`: a TCP accept, then a server handshake. */
import { currentCustodian } from '../custodian/custodian.js';
import { asPromise } from '../exn/raise.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { tcpAccept, tcpAcceptEnableBreak } from '../tcp/accept.js';
import { sslContextOf } from './context.js';
import { tlsOverTcp } from './connect.js';
import { checkSslListener, type SslListener } from './listener.js';

async function accept(
  who: string,
  enableBreak: boolean,
  listener: unknown,
): Promise<[InputPort, OutputPort]> {
  const l = checkSslListener(who, listener);
  const custodian = currentCustodian();
  const [tcpIn, tcpOut] = await (enableBreak ? tcpAcceptEnableBreak : tcpAccept)(l.tcp);
  return tlsOverTcp(tcpIn, tcpOut, {
    who,
    mode: 'accept',
    // The context as it is now: changes made later apply to later accepts.
    settings: l[sslContextOf].settings(),
    hostname: false,
    alpn: [],
    enableBreak,
    custodian,
  });
}

/**
 * Waits for a client on `listener` and runs the TLS handshake with it, then returns the
 * connection's input and output ports (Racket: `ssl-accept`). A client that fails the
 * handshake (plaintext, a bad certificate, a reset) fails this accept only: the listener goes
 * on serving. As in Racket there is no handshake timeout: a silent client holds the accept
 * until it closes (then `(input terminated prematurely)`), or until a break, a kill or a
 * custodian shutdown ends the wait. Ports are named `SSL tcp-accepted`.
 *
 * @throws {@link ExnFailContract} if `listener` is not an SSL listener.
 * @throws {@link ExnFailNetwork} `tcp-accept: listener is closed`, or `ssl-accept: accept failed
 *   (…)` when the handshake fails, e.g. `(error:0A00010B:SSL routines::wrong version number)`.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 * @example
 * ```ts
 * for (;;) {
 *   try {
 *     const [input, output] = await sslAccept(listener);
 *     thread(() => serve(input, output));
 *   } catch (e) {
 *     if (!isExnFailNetwork(e)) throw e; // a client that failed its handshake
 *   }
 * }
 * ```
 */
export function sslAccept(listener: SslListener): Promise<[InputPort, OutputPort]> {
  return asPromise(() => accept('ssl-accept', false, listener));
}

/**
 * {@link sslAccept} with breaks enabled while it waits (Racket: `ssl-accept/enable-break`).
 *
 * @throws as {@link sslAccept} does.
 */
export function sslAcceptEnableBreak(listener: SslListener): Promise<[InputPort, OutputPort]> {
  return asPromise(() => accept('ssl-accept/enable-break', true, listener));
}
