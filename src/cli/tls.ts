/**
 * `--tls` for `connect`, `listen` and `echo`: contexts from the command line, and the upgrade
 * of a TCP connection to TLS. rnet runs TLS over its TCP connections with `portsToSslPorts`
 * (not `sslConnect`/`sslAccept`) for two reasons: closing the output port then sends
 * close_notify and FIN at once (`shutdownOnClose`), so the end of stdin is a half-close as with
 * plain TCP; and a server handshakes in each connection's own thread, so a client that stalls
 * mid-handshake holds up no one else.
 */
import { isExn, isExnFail } from '../exn/exn.js';
import { networkError } from '../exn/raise.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import {
  portsToSslPorts,
  type SslClientContext,
  type SslServerContext,
  sslGetAlpnSelected,
  sslLoadCertificateChain,
  sslLoadPrivateKey,
  sslLoadVerifySource,
  sslMakeClientContext,
  sslMakeServerContext,
  sslSetServerAlpn,
  sslSetVerify,
  sslSetVerifyHostname,
} from '../ssl/index.js';
import { oneLine, UsageError } from './errors.js';

/** The TLS options of a command line (`--tls` and the options that go with it). */
export interface TlsFlags {
  readonly udp: boolean;
  readonly tls: boolean;
  readonly cert: string | undefined;
  readonly key: string | undefined;
  readonly cafile: string | undefined;
  readonly insecure: boolean;
  readonly alpn: string | undefined;
}

/** A client's TLS settings: what `tlsConnect` needs. */
export interface TlsClient {
  readonly context: SslClientContext | 'secure' | 'auto';
  readonly alpn: Uint8Array[];
}

/** A server's TLS settings. */
export interface TlsServer {
  readonly context: SslServerContext;
}

/** `--alpn h2,http/1.1` as protocol byte strings. */
function alpnList(text: string | undefined): Uint8Array[] {
  if (text === undefined) return [];
  const names = text.split(',').filter((name) => name !== '');
  if (names.length === 0) throw new UsageError('--alpn needs at least one protocol name');
  return names.map((name) => Buffer.from(name, 'latin1'));
}

/** Usage errors for TLS options given without `--tls`, or to the wrong side. */
function checkFlags(flags: TlsFlags): void {
  if (flags.tls && flags.udp) throw new UsageError('--tls cannot be combined with --udp');
  if (flags.tls) return;
  const given = (['cert', 'key', 'cafile', 'alpn'] as const).find((n) => flags[n] !== undefined);
  if (given !== undefined) throw new UsageError(`--${given} needs --tls`);
  if (flags.insecure) throw new UsageError('--insecure needs --tls');
}

/**
 * The client side of `--tls`: verifying by default (the chain against the system's
 * certificate authorities and the host name), against `--cafile` instead when given, or
 * nothing with `--insecure` (Racket's `'auto'`). `null` without `--tls`.
 */
export function tlsClient(flags: TlsFlags): TlsClient | null {
  checkFlags(flags);
  if (!flags.tls) return null;
  if (flags.insecure && flags.cafile !== undefined) {
    throw new UsageError('--insecure and --cafile do not go together');
  }
  const alpn = alpnList(flags.alpn);
  if (flags.insecure) return { context: 'auto', alpn };
  if (flags.cafile === undefined) return { context: 'secure', alpn };
  const context = sslMakeClientContext('auto');
  sslLoadVerifySource(context, flags.cafile);
  sslSetVerify(context, true);
  sslSetVerifyHostname(context, true);
  return { context, alpn };
}

/** The server side of `--tls`: `--cert` and `--key` are required; `--alpn` sets the server's ALPN. */
export function tlsServer(flags: TlsFlags): TlsServer | null {
  checkFlags(flags);
  if (!flags.tls) return null;
  if (flags.cafile !== undefined || flags.insecure) {
    throw new UsageError(`--${flags.insecure ? 'insecure' : 'cafile'} is for connect only`);
  }
  if (flags.cert === undefined || flags.key === undefined) {
    throw new UsageError('--tls needs --cert PATH and --key PATH');
  }
  const context = sslMakeServerContext('auto');
  sslLoadCertificateChain(context, flags.cert);
  sslLoadPrivateKey(context, flags.key);
  const alpn = alpnList(flags.alpn);
  // Racket's default allows a client with no protocol in common, but Node 20 cannot.
  if (alpn.length > 0) sslSetServerAlpn(context, alpn);
  return { context };
}

/**
 * TLS over a TCP connection, as a client of `host` (SNI and the host-name check) or as a
 * server. A failed handshake raises `ssl-connect: connect failed (…)` or
 * `ssl-accept: accept failed (…)` (an `ExnFailNetwork`, as `sslConnect`/`sslAccept` raise it).
 */
export async function tlsUpgrade(
  input: InputPort,
  output: OutputPort,
  side: { client: TlsClient; host: string } | { server: TlsServer },
): Promise<[InputPort, OutputPort]> {
  try {
    if ('client' in side) {
      const { context, alpn } = side.client;
      return await portsToSslPorts(input, output, {
        mode: 'connect',
        ...(typeof context === 'string' ? { encrypt: context } : { context }),
        hostname: side.host,
        alpn,
        shutdownOnClose: true,
      });
    }
    return await portsToSslPorts(input, output, {
      mode: 'accept',
      context: side.server.context,
      shutdownOnClose: true,
    });
  } catch (error) {
    const prefix = 'port->ssl-ports: ';
    if (isExn(error) && error.message.startsWith(prefix)) {
      const who = 'client' in side ? 'ssl-connect' : 'ssl-accept';
      throw networkError(who, error.message.slice(prefix.length));
    }
    throw error;
  }
}

/**
 * A client's connection as it will be used: the ports themselves without `--tls`, else TLS
 * over them; with `--alpn`, says `alpn: NAME` (or `alpn: none`) on stderr.
 */
export async function tlsClientPorts(
  client: TlsClient | null,
  host: string,
  [input, output]: [InputPort, OutputPort],
): Promise<[InputPort, OutputPort]> {
  if (client === null) return [input, output];
  const ports = await tlsUpgrade(input, output, { client, host });
  if (client.alpn.length > 0) {
    const selected = sslGetAlpnSelected(ports[0]);
    const name = selected === false ? 'none' : Buffer.from(selected).toString('latin1');
    process.stderr.write(`alpn: ${name}\n`);
  }
  return ports;
}

/** A server's connection: the ports themselves without `--tls`, else TLS over them. */
export function tlsServerPorts(
  server: TlsServer | null,
  ports: [InputPort, OutputPort],
): Promise<[InputPort, OutputPort]> {
  if (server === null) return Promise.resolve(ports);
  return tlsUpgrade(ports[0], ports[1], { server });
}

/**
 * `tlsServerPorts` for a server that goes on: a failed handshake is reported on stderr (one
 * line, as rnet reports errors) and gives `null`. Anything else (a break) is raised.
 */
export async function tryTlsServerPorts(
  server: TlsServer | null,
  ports: [InputPort, OutputPort],
): Promise<[InputPort, OutputPort] | null> {
  try {
    return await tlsServerPorts(server, ports);
  } catch (error) {
    if (!isExnFail(error)) throw error;
    process.stderr.write(oneLine(error.message) + '\n');
    return null;
  }
}
