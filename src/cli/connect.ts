/** `rnet connect [--udp] HOST PORT` and `rnet connect --unix PATH`: a client bridged to the terminal. */
import { tcpConnect } from '../tcp/connect.js';
import { unixSocketConnect } from '../unix/connect.js';
import { expectPositionals, parseCommand, portArgument, TLS_CLIENT_OPTIONS } from './args.js';
import { CONNECT_HELP } from './help.js';
import { checkUnixOptions } from './stream-server.js';
import { tcpSession } from './tcp-session.js';
import { tlsClient, tlsClientPorts } from './tls.js';
import { udpConnectCommand } from './udp-commands.js';

export async function connectCommand(args: string[]): Promise<number> {
  const options = parseCommand(args, ['udp', 'wait', 'unix', ...TLS_CLIENT_OPTIONS]);
  if (options.help) {
    process.stdout.write(CONNECT_HELP);
    return 0;
  }
  const tls = tlsClient(options);
  if (options.unix !== undefined) {
    const ports = await unixSocketConnect(checkUnixOptions(options));
    // TLS over a unix socket checks the certificate against "localhost".
    const [input, output] = await tlsClientPorts(tls, 'localhost', ports);
    await tcpSession(input, output);
    return 0;
  }
  const [host, portText] = expectPositionals(options, ['HOST', 'PORT']) as [string, string];
  const port = portArgument(portText);
  if (options.udp) return udpConnectCommand(host, port, options.wait);
  const [input, output] = await tlsClientPorts(tls, host, await tcpConnect(host, port));
  await tcpSession(input, output);
  return 0;
}
