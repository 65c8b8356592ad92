/** `rnet listen [--udp] [--host H] [--keep] PORT`: netcat's `-l`, one connection at a time. */
import { tcpAccept } from '../tcp/accept.js';
import { tcpAddresses } from '../tcp/addresses.js';
import { tcpClose, tcpListen } from '../tcp/listener.js';
import { expectPositionals, parseCommand, portArgument } from './args.js';
import { LISTEN_HELP } from './help.js';
import { announceListening } from './announce.js';
import { untilInterrupted } from './interrupt.js';
import { tcpSession, type StdinState } from './tcp-session.js';
import { udpListenCommand } from './udp-commands.js';

export async function listenCommand(args: string[]): Promise<number> {
  const options = parseCommand(args, ['udp', 'host', 'keep']);
  if (options.help) {
    process.stdout.write(LISTEN_HELP);
    return 0;
  }
  const [portText] = expectPositionals(options, ['PORT']) as [string];
  const port = portArgument(portText);
  if (options.udp) return udpListenCommand(options.host ?? false, port);
  const listener = await tcpListen(port, 4, true, options.host ?? false);
  const [host, realPort] = tcpAddresses(listener, true);
  announceListening(host, realPort);
  const stdinState: StdinState = { ended: false };
  try {
    if (!options.keep) {
      const [input, output] = await tcpAccept(listener);
      await tcpSession(input, output, stdinState, false);
    } else {
      // Stdin is the console of every session in turn: a session ends at the peer's EOF rather
      // than waiting for stdin to end. Ctrl-C ends it all, as a break, and exits 0.
      await untilInterrupted(async () => {
        for (;;) {
          const [input, output] = await tcpAccept(listener);
          await tcpSession(input, output, stdinState, true);
        }
      });
    }
  } finally {
    tcpClose(listener);
  }
  return 0;
}
