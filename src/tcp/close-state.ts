/**
 * How a TCP connection's two ports close: the half-close state machine. The ports share one
 * socket as Racket's share one fd, with a reference count; each side closes on its own:
 *
 *     input:   open ──close──▶ closed              later bytes are read and dropped
 *     output:  open ──close──▶ closing ──end──▶ ended
 *                                                  its last bytes, then a FIN
 *              open ──tcpAbandonPort──▶ abandoning ──end──▶ abandoned
 *                                                  no FIN while the input is open
 *              any ──abort──▶ aborted              closed without flushing (custodian
 *                                                  shutdown): nothing more goes out
 *
 * In `closing` and `abandoning` the port is closed and its last bytes are being written; `end`
 * comes once they are out (or `abort`). The connection is finished once both sides are closed
 * (the input `closed`, the output `ended`, `abandoned` or `aborted`), and the socket then ends
 * as `close(fd)` ends it: its written bytes go out, then a FIN if none was sent, then it is
 * released; or at once, if the output was aborted. TCP has no "no longer reading" state, so
 * the input side alone changes nothing for the peer.
 *
 * The state is two fields of the connection (`CloseState`); each transition updates them and
 * answers what it asks of the socket (`CloseAction`), which the connection does.
 */

/** The input side: `closed` once its port is closed. */
export type InputState = 'open' | 'closed';

/** The output side (see the top of this file). */
export type OutputState = 'open' | 'closing' | 'abandoning' | 'ended' | 'abandoned' | 'aborted';

/** Where a connection keeps its close state. */
export interface CloseState {
  inputState: InputState;
  outputState: OutputState;
}

/**
 * What a transition asks of the socket: nothing; a FIN now (`end()`); or, both sides now
 * closed, to end the connection, after its written bytes (`finish`) or at once (`destroy`).
 */
export type CloseAction = 'none' | 'fin' | 'finish' | 'destroy';

/** Whether the output side is closed for good (`end` or `abort` came). */
export const isOutputClosed = (output: OutputState): boolean =>
  output === 'ended' || output === 'abandoned' || output === 'aborted';

/** Both sides are closed: the connection has ended. */
export const isFinished = (state: CloseState): boolean =>
  state.inputState === 'closed' && isOutputClosed(state.outputState);

/**
 * The output port is closing and not abandoned: its last writes are followed by a FIN, which
 * sends them at once whatever TCP_NODELAY says.
 */
export const isFinFollowing = (state: CloseState): boolean => state.outputState === 'closing';

/** How the socket ends once both sides are closed. */
const ending = (state: CloseState): CloseAction =>
  state.outputState === 'aborted' ? 'destroy' : 'finish';

/** The input port closed. */
export function closeInput(state: CloseState): CloseAction {
  if (state.inputState === 'closed') return 'none';
  state.inputState = 'closed';
  return isOutputClosed(state.outputState) ? ending(state) : 'none';
}

/** `tcpAbandonPort`, before it closes the output port: that close sends no FIN. */
export function abandonOutput(state: CloseState): void {
  if (state.outputState === 'open') state.outputState = 'abandoning';
}

/** The output port started closing: its last bytes are being written. */
export function startClosingOutput(state: CloseState): void {
  if (state.outputState === 'open') state.outputState = 'closing';
}

/** The output port's last bytes are written: FIN, unless abandoned. */
export function endOutput(state: CloseState): CloseAction {
  const output = state.outputState;
  if (isOutputClosed(output)) return 'none';
  state.outputState = output === 'abandoning' ? 'abandoned' : 'ended';
  if (state.inputState === 'closed') return 'finish';
  return output === 'abandoning' ? 'none' : 'fin';
}

/** The output port closed without flushing (custodian shutdown). */
export function abortOutput(state: CloseState): CloseAction {
  if (isFinished(state)) return 'none';
  state.outputState = 'aborted';
  return state.inputState === 'closed' ? 'destroy' : 'none';
}
