/**
 * Connecting: `tcpConnect` and `tcpConnectEnableBreak`.
 *
 * The host is resolved (every address), then each address is tried in order, one at a time,
 * as Racket does (no happy-eyeballs racing: `autoSelectFamily: false`). Each wait (the lookup,
 * each connect attempt) is a `sync` on an `OutcomeEvt`, so a break or a kill ends it; a socket
 * still connecting is then destroyed, and so it is when the custodian is shut down meanwhile.
 */
import { lookup } from 'node:dns/promises';
import { isIP, type Socket, type TcpSocketConnectOpts } from 'node:net';
import { type Custodian, currentCustodian, type Managed } from '../custodian/custodian.js';
import { syncEvts } from '../evt/sync.js';
import { systemErrno } from '../exn/errno.js';
import { Exn } from '../exn/exn.js';
import { formatValue } from '../exn/print.js';
import {
  argumentsError,
  check,
  failError,
  type Field,
  isString,
  isStringOrFalse,
  networkErrnoError,
  orFalse,
  isPortNumber,
} from '../exn/raise.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { type Outcome, OutcomeEvt } from './outcome-evt.js';
import { newClientSocket, type TcpSocket } from './tcp-socket.js';
import { onTcpSocketError, makeTcpPorts } from './tcp-ports.js';

interface Address {
  readonly address: string;
  readonly family: number;
}

/** `tcp-connect`: the ports of a new connection to `hostname`:`port`. */
export function tcpConnect(
  hostname: string,
  port: number,
  localHostname: string | false | null = false,
  localPort: number | false | null = false,
): Promise<[InputPort, OutputPort]> {
  return connect('tcp-connect', false, hostname, port, localHostname, localPort);
}

/** `tcp-connect/enable-break`: breaks enabled while connecting; ports or a break, never both. */
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
  const port = check(who, isPortNumber, 'port-number?', portArg);
  const localHostname = check(who, isStringOrFalse, '(or/c string? #f)', orFalse(localHostnameArg));
  const localPort = check(
    who,
    (v): v is number | false => v === false || isPortNumber(v),
    '(or/c port-number? #f)',
    orFalse(localPortArg),
  );
  if (localHostname !== false && localPort === false) {
    throw argumentsError(who, 'no local port number supplied when local hostname was supplied', [
      ['hostname', formatValue(localHostname)],
    ]);
  }
  const custodian = currentCustodian();
  if (custodian.isShutDown) throw failError(who, 'the current custodian has been shut down');

  const fields: Field[] = [
    ['hostname', hostname],
    ['port number', String(port)],
  ];
  const remote = await resolve(who, enableBreak, hostname, 'host not found', fields);
  let local: readonly Address[] = [];
  if (localHostname !== false) {
    local = await resolve(who, enableBreak, localHostname, 'local host not found', [
      ['hostname', localHostname],
      ['port number', String(localPort)],
    ]);
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
  throw networkErrnoError(who, 'connection failed', fields, systemErrno(lastError));
}

/** Every address of `host`, in the resolver's order; failures as Racket reports them. */
async function resolve(
  who: string,
  enableBreak: boolean,
  host: string,
  what: string,
  fields: readonly Field[],
): Promise<readonly Address[]> {
  // A numeric address needs no lookup (and no wait).
  const family = isIP(host);
  if (family !== 0) return [{ address: host, family }];
  const evt = new OutcomeEvt<readonly Address[]>();
  lookup(host, { all: true, verbatim: true }).then(
    (value) => evt.settle({ ok: true, value }),
    (error: unknown) => evt.settle({ ok: false, error }),
  );
  const outcome = (await syncEvts(who, false, enableBreak, [evt])) as Outcome<readonly Address[]>;
  if (!outcome.ok) throw networkErrnoError(who, what, fields, systemErrno(outcome.error));
  return outcome.value;
}

/**
 * One connect attempt as an event, ready with the connected socket or the error; also what the
 * custodian manages meanwhile (a shutdown destroys the socket and raises). One object, so that
 * an attempt makes no closures.
 */
class ConnectAttempt extends OutcomeEvt<Socket> implements Managed {
  constructor(
    readonly who: string,
    readonly socket: Socket,
  ) {
    super();
  }

  custodianShutdown(): void {
    this.socket.destroy();
    this.settle({
      ok: false,
      error: failError(this.who, 'the current custodian has been shut down'),
    });
  }

  /** A break or a kill ended the wait: the socket must not outlive it. */
  protected override abandoned(): void {
    this.socket.destroy();
  }
}

/** Shared listeners (Node calls them with the socket as `this`): no closures per attempt. */
function onAttemptError(this: TcpSocket, error: unknown): void {
  const attempt = this.connectAttempt as ConnectAttempt | null;
  if (attempt != null && !attempt.isSettled) attempt.settle({ ok: false, error });
  else onTcpSocketError.call(this, error);
}

function onAttemptConnect(this: TcpSocket): void {
  (this.connectAttempt as ConnectAttempt | null)?.settle({ ok: true, value: this });
}

/**
 * One connect attempt; its outcome is the connected socket or the error. A break, a kill or
 * a custodian shutdown while it waits destroys the socket (a shutdown also raises).
 */
async function attempt(
  who: string,
  enableBreak: boolean,
  custodian: Custodian,
  address: Address,
  port: number,
  local: Address | undefined,
  localPort: number | false,
): Promise<Outcome<Socket>> {
  const socket = newClientSocket();
  const evt = new ConnectAttempt(who, socket);
  // From birth: errors settle the attempt (and later ones are kept for the ports).
  socket.connectAttempt = evt;
  socket.on('error', onAttemptError);
  try {
    custodian.manage(who, evt);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  const options: TcpSocketConnectOpts = {
    host: address.address,
    port,
    family: address.family,
    autoSelectFamily: false,
  };
  if (local !== undefined) options.localAddress = local.address;
  if (localPort !== false) options.localPort = localPort;
  socket.connect(options, onAttemptConnect);
  let outcome: Outcome<Socket>;
  try {
    outcome = (await syncEvts(who, false, enableBreak, [evt])) as Outcome<Socket>;
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    custodian.unmanage(evt);
    socket.connectAttempt = null;
  }
  if (!outcome.ok) {
    socket.destroy();
    // A custodian shutdown is not a failure to try the next address over.
    if (outcome.error instanceof Exn) throw outcome.error;
  }
  return outcome;
}
