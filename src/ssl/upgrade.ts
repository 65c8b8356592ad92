/**
 * `portsToSslPorts` (Racket: `ports->ssl-ports`): TLS over existing ports, e.g. after a
 * STARTTLS exchange. Over ports that own a socket (TCP, unix sockets) TLS takes the socket
 * itself: the output port is flushed, the bytes already read into the input port are given
 * back to the socket, and the original ports are closed (the socket is TLS's now). Over any
 * other ports TLS runs over a Duplex of the ports (`ports-duplex.ts`).
 */
import { currentCustodian } from '../custodian/custodian.js';
import { type Exn } from '../exn/exn.js';
import { formatValue } from '../exn/print.js';
import { asPromise, check, failError, isStringOrFalse, orFalse } from '../exn/raise.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { checkInputPort, checkOutputPort } from '../port/check.js';
import { flushOutput } from '../port/write.js';
import { detachSocket, socketConnectionOf } from '../tcp/detach.js';
import { isTcpPort } from '../tcp/tcp-ports.js';
import { checkAlpn, optionsOf } from './args.js';
import {
  contextFor,
  isSslProtocol,
  PROTOCOL_CONTRACT,
  SslClientContext,
  SslContext,
  type SslProtocol,
  SslServerContext,
} from './context.js';
import { wrapSocket } from './handshake.js';
import { PortsDuplex } from './ports-duplex.js';

/** `portsToSslPorts`'s options (Racket's keyword arguments). */
export interface PortsToSslPortsOptions {
  /** `'connect'` (the default, as Racket's code has it) or `'accept'`. */
  readonly mode?: 'connect' | 'accept';
  /** The context; without one, a context for `encrypt`. */
  readonly context?: SslContext | false;
  /** The protocol when no context is given (default `'secure'`, see `sslConnect`). */
  readonly encrypt?: SslProtocol;
  /** Close the original ports once both SSL ports are closed (ports without a socket only). */
  readonly closeOriginal?: unknown;
  /** Closing the output port sends close_notify (and FIN) at once. */
  readonly shutdownOnClose?: unknown;
  /** The server's name: sent as SNI, and checked if the context checks host names. */
  readonly hostname?: string | false;
  /** ALPN protocols to offer (connect mode only). */
  readonly alpn?: readonly Uint8Array[];
}

/** Racket's `#:error/ssl` default, `error`: a plain `ExnFail`. */
const plainFailure = (who: string, message: string): Exn => failError(who, message);

const isMode = (v: unknown): v is 'connect' | 'accept' => v === 'connect' || v === 'accept';
const isContextOrFalse = (v: unknown): v is SslContext | false =>
  v === false || v instanceof SslContext;

async function upgrade(
  input: unknown,
  output: unknown,
  optionsArg: unknown,
): Promise<[InputPort, OutputPort]> {
  const who = 'port->ssl-ports';
  const inp = checkInputPort(who, input);
  const out = checkOutputPort(who, output);
  const options = optionsOf<PortsToSslPortsOptions>(who, optionsArg);
  const mode = check(who, isMode, "(or/c 'connect 'accept)", options.mode ?? 'connect');
  const context = check(who, isContextOrFalse, 'ssl-context?', orFalse(options.context));
  const encrypt = check(who, isSslProtocol, PROTOCOL_CONTRACT, options.encrypt ?? 'secure');
  const hostname = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(options.hostname));
  const alpn = checkAlpn(who, options.alpn);
  const closeOriginal = orFalse(options.closeOriginal) !== false;
  const shutdownOnClose = orFalse(options.shutdownOnClose) !== false;

  const side = mode === 'connect' ? 'client' : 'server';
  if (context !== false) {
    const fits =
      mode === 'connect'
        ? context instanceof SslClientContext
        : context instanceof SslServerContext;
    if (!fits) {
      throw failError(
        who,
        `'${mode} mode requires a ${side} context, given: ${formatValue(context)}`,
      );
    }
  }
  const ctx = context === false ? contextFor(who, encrypt, side) : context;
  const settings = ctx.settings();
  if (alpn.length > 0 && mode !== 'connect') {
    throw failError(
      who,
      '#:alpn argument is supported only in connect mode;\n for accept mode, use `ssl-set-server-alpn!`',
    );
  }
  const verifyHostname = context === false ? encrypt === 'secure' : settings.verifyHostname;
  const custodian = currentCustodian();
  const name = `SSL ${inp.name}`;
  const tcp = isTcpPort(inp);

  let raw = null;
  if (
    socketConnectionOf(inp) !== undefined &&
    socketConnectionOf(inp) === socketConnectionOf(out)
  ) {
    // What was written in plaintext goes out before the handshake.
    await flushOutput(out);
    raw = detachSocket(inp, out) ?? null;
  }
  return wrapSocket(raw ?? new PortsDuplex(inp, out, closeOriginal), {
    who,
    mode,
    settings,
    verifyHostname,
    hostname,
    alpn,
    name,
    shutdownOnClose,
    enableBreak: false,
    custodian,
    fail: plainFailure,
    raw,
    tcp: tcp && raw !== null,
  });
}

/**
 * Runs TLS over existing ports and returns the SSL ports (Racket: `ports->ssl-ports`), for
 * STARTTLS: a plaintext exchange, then TLS on the same connection. `mode` is `'connect'` (the
 * default) or `'accept'`; the context is `context`, or one for `encrypt` (default `'secure'`:
 * in connect mode the server's certificate and `hostname` are checked). `hostname` is also
 * sent as SNI. Over TCP and unix-socket ports TLS takes the socket itself: the originals are
 * closed (without a FIN) and the bytes already read into `input` are the first TLS reads; the
 * connection ends when both SSL ports are closed, whatever `closeOriginal` says. Over other
 * ports (pipes, custom ports) the originals are closed only with `closeOriginal`.
 *
 * @throws {@link ExnFailContract} for a bad argument.
 * @throws {@link ExnFail} `port->ssl-ports: connect failed (…)` / `accept failed (…)` when the
 *   handshake or the checks fail (a plain `ExnFail`, as Racket's `#:error/ssl` default).
 * @example
 * ```ts
 * await writeString('STARTTLS\r\n', out);
 * await flushOutput(out);
 * await readLine(inp); // "OK"
 * const [sin, sout] = await portsToSslPorts(inp, out, { hostname: 'mail.example.com' });
 * ```
 */
export function portsToSslPorts(
  input: InputPort,
  output: OutputPort,
  options: PortsToSslPortsOptions = {},
): Promise<[InputPort, OutputPort]> {
  return asPromise(() => upgrade(input, output, options));
}
