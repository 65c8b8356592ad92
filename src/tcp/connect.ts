/**
 * Connecting: `tcpConnect` and `tcpConnectEnableBreak`.
 *
 * The host is resolved (every address), then each address is tried in order, one at a time,
 * as Racket does (no happy-eyeballs racing: `autoSelectFamily: false`). Each wait (the lookup,
 * each connect attempt) is a `sync` on an `OutcomeEvt`, so a break or a kill ends it; a socket
 * still connecting is then destroyed, and so it is when the custodian is shut down meanwhile.
 */
import { type Socket, type TcpSocketConnectOpts } from 'node:net';
import { type Custodian, currentCustodian } from '../custodian/custodian.js';
import { check, isString, isStringOrFalse, orFalse } from '../exn/raise.js';
import {
  checkCustodianRunning,
  connectionFailedError,
  hostNotFoundError,
  noLocalPortError,
} from '../network/errors.js';
import { type Outcome } from '../network/outcome-evt.js';
import { checkPortNumber, checkPortNumberOrFalse } from '../network/port-number.js';
import { resolveHost, type ResolvedAddress } from '../network/resolve.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { connectSocket } from './connect-attempt.js';
import { makeTcpPorts } from './tcp-ports.js';

/**
 * Connects to `hostname`:`port` and returns the connection's input and output ports (Racket:
 * `tcp-connect`). Every address the name resolves to is tried in turn. `localHostname` and
 * `localPort` bind the local end. The ports belong to the current custodian; the output port is
 * block-buffered (flush it, or write in `'none'` mode). Breaks and kills end the name lookup
 * and every connect attempt.
 *
 * @throws {@link ExnFailContract} if an argument is bad (a port number outside 1–65535, a
 *   local host name without a local port), before anything is done.
 * @throws {@link ExnFailNetworkErrno} "host not found" if `hostname` does not resolve (a `'gai'`
 *   errno), or "connection failed" if every address refused or failed (the last one's errno,
 *   e.g. 111 for a refusal).
 * @throws {@link ExnFail} if the current custodian has been shut down (also while connecting).
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 * @example
 * ```ts
 * const [input, output] = await tcpConnect('127.0.0.1', 7000);
 * await writeString('ping\n', output);
 * await flushOutput(output);
 * console.log(await readLine(input));
 * closeInputPort(input);
 * await closeOutputPort(output);
 * ```
 */
export function tcpConnect(
  hostname: string,
  port: number,
  localHostname: string | false | null = false,
  localPort: number | false | null = false,
): Promise<[InputPort, OutputPort]> {
  return connect('tcp-connect', false, hostname, port, localHostname, localPort);
}

/**
 * {@link tcpConnect} with breaks enabled while it waits (Racket: `tcp-connect/enable-break`): it
 * returns the ports or raises the break, never both.
 *
 * @throws {@link ExnFailContract} if an argument is bad (a port number outside 1–65535, a
 *   local host name without a local port), before anything is done.
 * @throws {@link ExnFailNetworkErrno} "host not found" if `hostname` does not resolve (a `'gai'`
 *   errno), or "connection failed" if every address refused or failed (the last one's errno,
 *   e.g. 111 for a refusal).
 * @throws {@link ExnFail} if the current custodian has been shut down (also while connecting).
 * @throws {@link ExnBreak} if the thread is broken before the connection is made.
 */
export function tcpConnectEnableBreak(
  hostname: string,
  port: number,
  localHostname: string | false | null = false,
  localPort: number | false | null = false,
): Promise<[InputPort, OutputPort]> {
  return connect('tcp-connect/enable-break', true, hostname, port, localHostname, localPort);
}

async function connect(
  who: string,
  enableBreak: boolean,
  hostnameArg: unknown,
  portArg: unknown,
  localHostnameArg: unknown,
  localPortArg: unknown,
): Promise<[InputPort, OutputPort]> {
  const hostname = check(who, isString, 'string?', hostnameArg);
  const port = checkPortNumber(who, portArg);
  const localHostname = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(localHostnameArg));
  const localPort = checkPortNumberOrFalse(who, orFalse(localPortArg));
  if (localHostname !== false && localPort === false) throw noLocalPortError(who, localHostname);
  const custodian = currentCustodian();
  checkCustodianRunning(who, custodian);

  const remote = await resolveHost(enableBreak, hostname, (errno) =>
    hostNotFoundError(who, hostname, port, errno),
  );
  let local: readonly ResolvedAddress[] = [];
  if (localHostname !== false) {
    local = await resolveHost(enableBreak, localHostname, (errno) =>
      hostNotFoundError(who, localHostname, localPort, errno, true),
    );
  }

  let lastError: unknown = null;
  for (let i = 0; i < remote.length; i++) {
    const address = remote[i]!;
    // The local address of the same family as the remote one (rktio binds per family).
    const localAddress =
      local.length === 0 ? undefined : (local.find((a) => a.family === address.family) ?? local[0]);
    const outcome = await attempt(
      who,
      enableBreak,
      custodian,
      address,
      port,
      localAddress,
      localPort,
    );
    if (outcome.ok) return makeTcpPorts(who, outcome.value, hostname, custodian);
    lastError = outcome.error;
  }
  throw connectionFailedError(who, hostname, port, lastError);
}

/**
 * One connect attempt to `address`; its outcome is the connected socket or the error (see
 * `connectSocket`).
 */
function attempt(
  who: string,
  enableBreak: boolean,
  custodian: Custodian,
  address: ResolvedAddress,
  port: number,
  local: ResolvedAddress | undefined,
  localPort: number | false,
): Promise<Outcome<Socket>> {
  const options: TcpSocketConnectOpts = {
    host: address.address,
    port,
    family: address.family,
    autoSelectFamily: false,
  };
  if (local !== undefined) options.localAddress = local.address;
  if (localPort !== false) options.localPort = localPort;
  return connectSocket(who, enableBreak, custodian, options);
}
