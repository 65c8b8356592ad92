/** `tcpAbandonPort`: close a TCP port without sending FIN while its input port is still open. */
import { check } from '../exn/raise.js';
import { InputPort } from '../port/input-port.js';
import { connectionOf, isTcpPort } from './tcp-ports.js';

/**
 * Like closing the port, but an output port's close sends no FIN until the input port is
 * closed too (it is still flushed, as Racket's is). On an input port it is `closeInputPort`.
 * Racket CS checks nothing here; the seed's contract (`tcp-port?`) is checked.
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
