/**
 * racket-net: Racket's networking (racket/tcp, racket/udp) and the runtime it stands on
 * (ports, events and sync, custodians, threads and breaks, parameters, exceptions).
 *
 * Every export is named after the Racket binding it implements (`tcp-accept` → `tcpAccept`,
 * `udp-receive!*` → `udpReceiveNowait`); anything that can wait returns a `Promise`, and every
 * error is an {@link Exn} with Racket's message. `racket-net/tcp` and `racket-net/udp` export
 * the TCP and UDP parts alone.
 *
 * @module racket-net
 */
export {
  Exn,
  ExnFail,
  ExnFailContract,
  ExnFailNetwork,
  ExnFailNetworkErrno,
  ExnBreak,
  ExnBreakHangUp,
  ExnBreakTerminate,
  type ErrnoKind,
  type BreakKind,
  isExn,
  isExnFail,
  isExnFailContract,
  isExnFailNetwork,
  isExnFailNetworkErrno,
  isExnBreak,
} from './exn/exn.js';
export { makeParameter, parameterize, type Parameter } from './parameter/parameter.js';
export {
  Custodian,
  currentCustodian,
  custodianManagedList,
  custodianShutdownAll,
  isCustodian,
  isCustodianShutDown,
  makeCustodian,
} from './custodian/custodian.js';
export { Evt, isEvt } from './evt/evt.js';
export { sync, syncEnableBreak, syncTimeout, syncTimeoutEnableBreak } from './evt/sync.js';
export {
  alwaysEvt,
  choiceEvt,
  guardEvt,
  handleEvt,
  nackGuardEvt,
  neverEvt,
  replaceEvt,
  wrapEvt,
} from './evt/combinators.js';
export { alarmEvt, currentInexactMilliseconds, sleep } from './evt/time.js';
export {
  type Semaphore,
  isSemaphore,
  makeSemaphore,
  semaphorePeekEvt,
  semaphorePost,
  semaphoreWait,
} from './evt/semaphore.js';
export {
  type Channel,
  channelGet,
  channelPut,
  channelPutEvt,
  isChannel,
  makeChannel,
} from './evt/channel.js';
export {
  type Thread,
  breakThread,
  currentThread,
  isThread,
  isThreadDead,
  isThreadRunning,
  killThread,
  thread,
  threadDeadEvt,
  threadWait,
} from './thread/thread.js';
export { breakEnabled, checkForBreak, parameterizeBreak } from './thread/break.js';
export * from './port/index.js';
export * from './tcp/index.js';
export * from './udp/index.js';
export * from './interop/index.js';
