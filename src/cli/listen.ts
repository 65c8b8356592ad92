/**
 * `rnet listen [--udp] [--host H] [--keep] PORT` and `rnet listen [--keep] --unix PATH`:
 * netcat's `-l` (`-lU`), one connection at a time.
 */
import { expectPositionals, parseCommand, portArgument, TLS_SERVER_OPTIONS } from './args.js';
import { LISTEN_HELP } from './help.js';
import { untilInterrupted } from './interrupt.js';
import { checkUnixOptions, type StreamServer, tcpServer, unixServer } from './stream-server.js';
import { tcpSession, type StdinState } from './tcp-session.js';
import { tlsServer, tlsServerPorts, tryTlsServerPorts } from './tls.js';
import { udpListenCommand } from './udp-commands.js';

export async function listenCommand(args: string[]): Promise<number> {
  const options = parseCommand(args, ['udp', 'host', 'keep', 'unix', ...TLS_SERVER_OPTIONS]);
  if (options.help) {
    process.stdout.write(LISTEN_HELP);
    return 0;
  }
  const tls = tlsServer(options);
  let server: StreamServer;
  if (options.unix !== undefined) server = await unixServer(checkUnixOptions(options), 4);
  else {
    const [portText] = expectPositionals(options, ['PORT']) as [string];
    const port = portArgument(portText);
    if (options.udp) return udpListenCommand(options.host ?? false, port);
    server = await tcpServer(port, 4, options.host ?? false);
  }
  const stdinState: StdinState = { ended: false };
  try {
    if (!options.keep) {
      const [input, output] = await tlsServerPorts(tls, await server.accept());
      await tcpSession(input, output, stdinState, false);
    } else {
      // Stdin is the console of every session in turn: a session ends at the peer's EOF rather
      // than waiting for stdin to end. Ctrl-C ends it all, as a break, and exits 0.
      await untilInterrupted(async () => {
        for (;;) {
          // A client whose handshake fails is reported; the next one is served.
          const ports = await tryTlsServerPorts(tls, await server.accept());
          if (ports !== null) await tcpSession(ports[0], ports[1], stdinState, true);
        }
      });
    }
  } finally {
    server.close();
  }
  return 0;
}
