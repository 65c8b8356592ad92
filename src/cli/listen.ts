/**
 * `rnet listen [--udp] [--host H] [--keep] PORT` and `rnet listen [--keep] --unix PATH`:
 * netcat's `-l` (`-lU`), one connection at a time.
 */
import { expectPositionals, parseCommand, portArgument } from './args.js';
import { LISTEN_HELP } from './help.js';
import { untilInterrupted } from './interrupt.js';
import { checkUnixOptions, type StreamServer, tcpServer, unixServer } from './stream-server.js';
import { tcpSession, type StdinState } from './tcp-session.js';
import { udpListenCommand } from './udp-commands.js';

export async function listenCommand(args: string[]): Promise<number> {
  const options = parseCommand(args, ['udp', 'host', 'keep', 'unix']);
  if (options.help) {
    process.stdout.write(LISTEN_HELP);
    return 0;
  }
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
      const [input, output] = await server.accept();
      await tcpSession(input, output, stdinState, false);
    } else {
      // Stdin is the console of every session in turn: a session ends at the peer's EOF rather
      // than waiting for stdin to end. Ctrl-C ends it all, as a break, and exits 0.
      await untilInterrupted(async () => {
        for (;;) {
          const [input, output] = await server.accept();
          await tcpSession(input, output, stdinState, true);
        }
      });
    }
  } finally {
    server.close();
  }
  return 0;
}
