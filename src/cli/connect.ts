/** `rnet connect [--udp] HOST PORT` and `rnet connect --unix PATH`: a client bridged to the terminal. */
import { tcpConnect } from '../tcp/connect.js';
import { unixSocketConnect } from '../unix/connect.js';
import { expectPositionals, parseCommand, portArgument } from './args.js';
import { CONNECT_HELP } from './help.js';
import { checkUnixOptions } from './stream-server.js';
import { tcpSession } from './tcp-session.js';
import { udpConnectCommand } from './udp-commands.js';

export async function connectCommand(args: string[]): Promise<number> {
  const options = parseCommand(args, ['udp', 'wait', 'unix']);
  if (options.help) {
    process.stdout.write(CONNECT_HELP);
    return 0;
  }
  if (options.unix !== undefined) {
    const [input, output] = await unixSocketConnect(checkUnixOptions(options));
    await tcpSession(input, output);
    return 0;
  }
  const [host, portText] = expectPositionals(options, ['HOST', 'PORT']) as [string, string];
  const port = portArgument(portText);
  if (options.udp) return udpConnectCommand(host, port, options.wait);
  const [input, output] = await tcpConnect(host, port);
  await tcpSession(input, output);
  return 0;
}
