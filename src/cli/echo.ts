/**
 * `rnet echo [--udp] [--host H] PORT` (or `--unix PATH`): a concurrent echo server. Each connection runs in its
 * own racket-net thread under its own custodian (so one connection's failure or shutdown
 * touches nothing else); all of them sit under the server's custodian, which Ctrl-C shuts down.
 */
import {
  type Custodian,
  currentCustodian,
  custodianShutdownAll,
  makeCustodian,
} from '../custodian/custodian.js';
import { isExnBreak } from '../exn/exn.js';
import { parameterize } from '../parameter/parameter.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { closeInputPort, closeOutputPort } from '../port/any-port.js';
import { thread } from '../thread/thread.js';
import { expectPositionals, parseCommand, portArgument, TLS_SERVER_OPTIONS } from './args.js';
import { ECHO_HELP } from './help.js';
import { breakOnSigint } from './interrupt.js';
import { pump } from './stdio.js';
import { checkUnixOptions, type StreamServer, tcpServer, unixServer } from './stream-server.js';
import { type TlsServer, tlsServer, tryTlsServerPorts } from './tls.js';
import { udpEchoCommand } from './udp-commands.js';

interface EchoStats {
  connections: number;
  bytes: number;
}

export async function echoCommand(args: string[]): Promise<number> {
  const options = parseCommand(args, ['udp', 'host', 'unix', ...TLS_SERVER_OPTIONS]);
  if (options.help) {
    process.stdout.write(ECHO_HELP);
    return 0;
  }
  const tls = tlsServer(options);
  let listen: () => Promise<StreamServer>;
  if (options.unix !== undefined) {
    const path = checkUnixOptions(options);
    listen = () => unixServer(path, 16);
  } else {
    const [portText] = expectPositionals(options, ['PORT']) as [string];
    const port = portArgument(portText);
    if (options.udp) return udpEchoCommand(options.host ?? false, port);
    listen = () => tcpServer(port, 16, options.host ?? false);
  }

  const stats: EchoStats = { connections: 0, bytes: 0 };
  const server = makeCustodian();
  const stopBreaking = breakOnSigint();
  let listener: StreamServer | null = null;
  try {
    await parameterize(currentCustodian, server, async () => {
      const streamServer = await listen();
      listener = streamServer;
      for (;;) {
        const connection = makeCustodian(server);
        // Accepted under the connection's custodian: its ports belong to it.
        const [input, output] = await parameterize(currentCustodian, connection, () =>
          streamServer.accept(),
        );
        stats.connections++;
        parameterize(currentCustodian, connection, () =>
          thread(() => echoConnection(input, output, connection, stats, tls)),
        );
      }
    });
  } catch (error) {
    if (!isExnBreak(error)) throw error;
  } finally {
    stopBreaking();
    // Closes the listener and every connection still open, without waiting for any of them.
    custodianShutdownAll(server);
    (listener as StreamServer | null)?.close();
  }
  process.stderr.write(`connections ${stats.connections}, bytes ${stats.bytes}\n`);
  return 0;
}

/**
 * Sends back what arrives; at the client's EOF, closes the output too (FIN after the echo).
 * With `--tls` the handshake happens here, in the connection's own thread.
 */
async function echoConnection(
  tcpInput: InputPort,
  tcpOutput: OutputPort,
  connection: Custodian,
  stats: EchoStats,
  tls: TlsServer | null,
): Promise<void> {
  try {
    const ports = await tryTlsServerPorts(tls, [tcpInput, tcpOutput]);
    if (ports === null) return;
    const [input, output] = ports;
    await pump(input, output, (n) => (stats.bytes += n));
    closeInputPort(input);
    await closeOutputPort(output);
  } catch {
    // A reset or a shutdown ends this connection only; the server goes on.
  } finally {
    custodianShutdownAll(connection);
  }
}
