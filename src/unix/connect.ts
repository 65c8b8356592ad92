/**
 * `unixSocketConnect`: a connection to a unix socket path, as TCP's connect makes one (one
 * attempt, a `sync` that breaks, kills and custodian shutdowns end) and with TCP's ports.
 */
import { currentCustodian } from '../custodian/custodian.js';
import { asPromise } from '../exn/raise.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { connectSocket } from '../tcp/connect-attempt.js';
import { makeTcpPorts } from '../tcp/tcp-ports.js';
import {
  connectFailedError,
  unixContractError,
  unixCustodianShutDownError,
  unsupportedPlatformError,
} from './errors.js';
import { UNIX_PORT_NAME } from './listener.js';
import { socketAddressOf, unixSocketAvailable } from './path.js';

/**
 * Connects to the unix socket at `path` (Racket: `unix-socket-connect`) and returns the
 * connection's input and output ports: named `unix-socket`, block-buffered (flush, or write in
 * `'none'` mode), under the current custodian. Closing the output port sends EOF to the peer,
 * which can still reply. `path` is a path string or, on Linux, an abstract name (a `Uint8Array`
 * starting with 0). The wait is a `sync`: breaks (when enabled), kills and a custodian shutdown
 * end it.
 *
 * @throws {@link ExnFailContract} if `path` is not a `unix-socket-path?`.
 * @throws {@link ExnFail} `failed to connect socket` with the errno (2: no such file; 111:
 *   nobody listens, e.g. a stale socket file), or `the custodian has been shut down`.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 * @example
 * ```ts
 * const [input, output] = await unixSocketConnect('/tmp/app.sock');
 * await writeString('ping\n', output);
 * await closeOutputPort(output);        // flushes, then EOF for the server
 * console.log(await portToString(input));
 * closeInputPort(input);
 * ```
 */
export function unixSocketConnect(path: string | Uint8Array): Promise<[InputPort, OutputPort]> {
  return asPromise(() => connect(path));
}

async function connect(path: unknown): Promise<[InputPort, OutputPort]> {
  const who = 'unix-socket-connect';
  const address = socketAddressOf(path);
  if (address === null) throw unixContractError(who, 'unix-socket-path?', path, 1);
  if (!unixSocketAvailable) throw unsupportedPlatformError(who);
  const custodian = currentCustodian();
  const outcome = await connectSocket(
    who,
    false,
    custodian,
    { path: address.nodePath },
    unixCustodianShutDownError,
  );
  if (!outcome.ok) throw connectFailedError(who, path, outcome.error);
  const socket = outcome.value;
  if (custodian.isShutDown) {
    socket.destroy();
    throw unixCustodianShutDownError(who);
  }
  return makeTcpPorts(who, socket, UNIX_PORT_NAME, custodian, 'unix-socket');
}
