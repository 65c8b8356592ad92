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
  ExnFailUnsupported,
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
  isExnFailUnsupported,
  isExnBreak,
} from './exn/exn.js';
export {
  isParameter,
  makeDerivedParameter,
  makeParameter,
  parameterize,
  type Parameter,
} from './parameter/parameter.js';
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
export {
  alarmEvt,
  currentInexactMilliseconds,
  currentInexactMonotonicMilliseconds,
  sleep,
} from './evt/time.js';
export { isHandleEvt, pollGuardEvt, systemIdleEvt } from './evt/more-evts.js';
export { CustomEvt, notReady, PropEvt } from './evt/user-evt.js';
export {
  type CustodianBox,
  custodianBoxValue,
  isCustodianBox,
  makeCustodianBox,
} from './evt/custodian-box.js';
export {
  type Semaphore,
  isSemaphore,
  isSemaphorePeekEvt,
  makeSemaphore,
  semaphorePeekEvt,
  semaphorePost,
  semaphoreTryWait,
  semaphoreWait,
  semaphoreWaitEnableBreak,
} from './evt/semaphore.js';
export {
  type Channel,
  channelGet,
  channelPut,
  channelPutEvt,
  channelTryGet,
  isChannel,
  isChannelPutEvt,
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
export {
  threadReceive,
  threadReceiveEvt,
  threadRewindReceive,
  threadSend,
  threadTryReceive,
} from './thread/mailbox.js';
export {
  threadResume,
  threadResumeEvt,
  threadSuspend,
  threadSuspendEvt,
} from './thread/suspend.js';
export { callInNestedThread } from './thread/nested.js';
export * from './port/index.js';
export * from './print/index.js';
export * from './tcp/index.js';
export * from './udp/index.js';
export * from './unix/index.js';
export * from './ssl/index.js';
export * from './interop/index.js';
