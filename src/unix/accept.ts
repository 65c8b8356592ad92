/**
 * Accepting: `unixSocketAccept` and `unixSocketAcceptEvt`, TCP's accept event over a unix
 * socket listener: its poll takes a queued connection and makes its ports in one step, so an
 * accept event not chosen, or a broken accept, accepts nothing.
 */
import { currentCustodian } from '../custodian/custodian.js';
import { type Evt } from '../evt/evt.js';
import { syncPrimitive } from '../evt/sync.js';
import { asPromise } from '../exn/raise.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { AcceptEvt } from '../tcp/accept.js';
import { checkUnixListener, type UnixSocketListener } from './listener.js';

/**
 * Waits for a client to connect to `listener` and returns the connection's input and output
 * ports (Racket: `unix-socket-accept`), named `unix-socket`, block-buffered, under the current
 * custodian. Connections are taken in the order they arrived. The wait is a `sync`: a break
 * (when breaks are enabled) or a kill ends it with nothing accepted.
 *
 * @throws {@link ExnFailContract} if `listener` is not a unix socket listener.
 * @throws {@link ExnFail} `unix socket listener is closed` (also when it closes while this
 *   waits), or `unix-socket-accept-evt poll: the custodian has been shut down`.
 * @throws {@link ExnBreak} if the thread is broken while it waits with breaks enabled.
 * @example
 * ```ts
 * const listener = await unixSocketListen('/tmp/app.sock');
 * for (;;) {
 *   const [input, output] = await unixSocketAccept(listener);
 *   thread(async () => {
 *     await writeString('hello\n', output);
 *     closeInputPort(input);
 *     await closeOutputPort(output);
 *   });
 * }
 * ```
 */
export function unixSocketAccept(listener: UnixSocketListener): Promise<[InputPort, OutputPort]> {
  return asPromise(() => {
    const who = 'unix-socket-accept';
    const evt = new AcceptEvt(who, checkUnixListener(who, listener), currentCustodian());
    return syncPrimitive(false, evt);
  });
}

/**
 * An event that accepts a connection when chosen; its result is `[input, output]` (Racket:
 * `unix-socket-accept-evt`). If another event is chosen it has accepted nothing. The ports
 * belong to the custodian current when the event was made; the `sync` that chooses it raises
 * if the listener is closed or that custodian has been shut down.
 *
 * @throws {@link ExnFailContract} if `listener` is not a unix socket listener.
 * @example
 * ```ts
 * const r = await sync(unixSocketAcceptEvt(listener), readLineEvt(control));
 * ```
 */
export function unixSocketAcceptEvt(listener: UnixSocketListener): Evt<[InputPort, OutputPort]> {
  const who = 'unix-socket-accept-evt';
  return new AcceptEvt(who, checkUnixListener(who, listener), currentCustodian());
}
