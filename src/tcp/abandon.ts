/** `tcpAbandonPort`: close a TCP port without sending FIN while its input port is still open. */
import { check } from '../exn/raise.js';
import { InputPort } from '../port/input-port.js';
import { connectionOf, isTcpPort } from './tcp-ports.js';

/**
 * Closes a TCP port without ending the connection for the peer (Racket: `tcp-abandon-port`):
 * an output port is flushed and closed, but no FIN is sent while the input port is open. On an
 * input port it is {@link closeInputPort}. Racket CS checks nothing here; racket-net checks
 * the contract Racket's reference gives (`tcp-port?`).
 *
 * @throws {@link ExnFailContract} if `port` is not a TCP port.
 * @throws {@link ExnFailNetworkErrno} if the flush fails.
 */
export async function tcpAbandonPort(
  port: InputPort | import('../port/output-port.js').OutputPort,
): Promise<void> {
  check('tcp-abandon-port', isTcpPort, 'tcp-port?', port);
  const connection = connectionOf(port)!;
  if (port instanceof InputPort) {
    port.close();
    return;
  }
  if (port.isClosed) return;
  connection.abandonOutput();
  await port.close();
}
