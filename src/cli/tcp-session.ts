/**
 * One TCP connection bridged to the terminal, like netcat: stdin goes to the peer, the peer to
 * stdout. At stdin's EOF the output is closed (half-close: FIN) while the peer's bytes keep
 * printing. The session ends once the peer has closed its side and, unless `untilPeerEof`,
 * stdin has ended too (so a peer that half-closed first still gets our reply), or at the
 * first failure.
 */
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { closeInputPort, closeOutputPort, isPortClosed } from '../port/any-port.js';
import { isThreadRunning, killThread, thread, threadWait } from '../thread/thread.js';
import { pump, stdin, stdout } from './stdio.js';

/** Shared by the sessions of one `rnet listen --keep`: stdin ends once for all of them. */
export interface StdinState {
  ended: boolean;
}

export async function tcpSession(
  input: InputPort,
  output: OutputPort,
  stdinState: StdinState = { ended: false },
  untilPeerEof = false,
): Promise<void> {
  let sendError: unknown = null;
  const sender = thread(async () => {
    try {
      if (!stdinState.ended) {
        await pump(stdin(), output);
        stdinState.ended = true;
      }
      await closeOutputPort(output);
    } catch (error) {
      // The peer went away while we were sending: reported once the session ends.
      sendError = error;
    }
  });
  try {
    await pump(input, stdout());
    if (!untilPeerEof) await threadWait(sender);
  } finally {
    // The peer is done. A read in progress commits nothing when killed, so no stdin byte is lost.
    if (isThreadRunning(sender)) killThread(sender);
    closeInputPort(input);
    if (!isPortClosed(output)) await closeOutputPort(output).catch(() => {});
  }
  if (sendError !== null) throw sendError;
}
