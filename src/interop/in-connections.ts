/**
 * `inConnections(listener)`: the connections a listener accepts, as an async iterator.
 * Each step is one `tcpAccept` (ports under the custodian current at that step); the
 * iteration ends when the listener is closed, and leaving the loop closes nothing.
 * The argument is checked at the call, not at the first step.
 */
import { isExnFailNetwork } from '../exn/exn.js';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { tcpAccept } from '../tcp/accept.js';
import { isTcpListener, type TcpListener } from '../tcp/listener.js';
import { check } from '../exn/raise.js';

/**
 * The connections `listener` accepts, as an async iterator of `[input, output]` pairs, for
 * `for await`. Each step is one {@link tcpAccept}; the iteration ends when the listener is
 * closed, and leaving the loop closes nothing. Not in Racket (a loop over `tcp-accept`).
 *
 * @throws {@link ExnFailContract} at the call if `listener` is not a TCP listener.
 * @throws what `tcpAccept` raises, other than for a closed listener, from the step it fails.
 * @example
 * ```ts
 * for await (const [input, output] of inConnections(listener)) {
 *   thread(() => serve(input, output));
 * }
 * ```
 */
export function inConnections(
  listener: TcpListener,
): AsyncGenerator<[InputPort, OutputPort], void, undefined> {
  return connectionsOf(check('in-connections', isTcpListener, 'tcp-listener?', listener));
}

async function* connectionsOf(
  listener: TcpListener,
): AsyncGenerator<[InputPort, OutputPort], void, undefined> {
  for (;;) {
    let ports: [InputPort, OutputPort];
    try {
      ports = await tcpAccept(listener);
    } catch (error) {
      // A closed listener ends the loop; any other failure is the caller's to see.
      if (isExnFailNetwork(error) && listener.isClosed) return;
      throw error;
    }
    yield ports;
  }
}
