/**
 * Bad input, property-based (fast-check): exported functions called with random wrong
 * arguments (wrong types, out-of-range numbers, wrong objects) must raise `ExnFailContract`,
 * synchronously or as a rejection, within a second, and change nothing (the fixtures they were
 * given stay as they were); operations on closed objects raise `ExnFail` (`ExnFailNetwork` for
 * TCP listeners and UDP sockets); no rejection goes unhandled.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Readable, Writable } from 'node:stream';
import fc from 'fast-check';
import * as rn from '../index.js';
import { type TcpListener } from '../tcp/listener.js';
import { type Udp } from '../udp/socket.js';
import { recordFigures, scale } from './support.js';
import { isParameter } from '../parameter/parameter.js';

/** A parameter for `parameterize` calls with some other argument wrong. */
const PARAMETER = rn.makeParameter(0);

type Kind =
  | 'in'
  | 'out'
  | 'port'
  | 'tcpport'
  | 'tcpportOrListener'
  | 'bytes'
  | 'chars'
  | 'str'
  | 'nat'
  | 'natOpt'
  | 'idx'
  | 'byte'
  | 'char'
  | 'host'
  | 'hostOpt'
  | 'portno'
  | 'portnoOpt'
  | 'listener'
  | 'udp'
  | 'secs'
  | 'secsStrict'
  | 'real'
  | 'lineModeOpt'
  | 'bufModeOpt'
  | 'progress'
  | 'evt'
  | 'proc'
  | 'procOrIn'
  | 'procOrOut'
  | 'peekOpt'
  | 'thread'
  | 'breakKindOpt'
  | 'custodian'
  | 'custodianOpt'
  | 'semaphore'
  | 'channel'
  | 'ttl'
  | 'posint'
  | 'signal'
  | 'readableStream'
  | 'writableStream'
  | 'nodeReadable'
  | 'nodeWritable'
  | 'procOpt'
  | 'threadOpt'
  | 'parameter'
  | 'list'
  | 'benefactorOpt'
  | 'custodianBox'
  | 'outOpt'
  | 'strport'
  | 'endOpt'
  | 'strOpt'
  | 'any';

interface Fixtures {
  pipeIn: rn.InputPort;
  pipeOut: rn.OutputPort;
  ci: rn.InputPort;
  co: rn.OutputPort;
  listener: TcpListener;
  udp: Udp;
  sema: rn.Semaphore;
  chan: rn.Channel<unknown>;
  blocked: rn.Thread;
  custodian: rn.Custodian;
}

let f: Fixtures;
const custodian = rn.makeCustodian();
const CONTENT = 'abcdefgh';

before(async () => {
  await rn.parameterize(rn.currentCustodian, custodian, async () => {
    const [pipeIn, pipeOut] = rn.makePipe();
    await rn.writeString(CONTENT, pipeOut);
    const listener = await rn.tcpListen(0, 4, false, '127.0.0.1');
    const [ci, co] = await rn.tcpConnect('127.0.0.1', rn.tcpAddresses(listener, true)[1]);
    const udp = (await rn.udpOpenSocket('127.0.0.1')) as Udp;
    const sema = rn.makeSemaphore(0);
    const blocked = rn.thread(() => rn.semaphoreWait(sema));
    f = {
      pipeIn,
      pipeOut,
      ci,
      co,
      listener: listener as TcpListener,
      udp,
      sema,
      chan: rn.makeChannel(),
      blocked,
      custodian: rn.makeCustodian(),
    };
  });
});
after(() => rn.custodianShutdownAll(custodian));

const isNat = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isDefault = (v: unknown): boolean => v === undefined || v === null;
const LINE_MODES = ['linefeed', 'return', 'return-linefeed', 'any', 'any-one'];

/** Whether `v` is acceptable for `kind` (junk is drawn from values for which this is false). */
function acceptable(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'in':
      return rn.isInputPort(v);
    case 'out':
      return rn.isOutputPort(v);
    case 'port':
      return rn.isPort(v);
    case 'tcpport':
      return rn.isTcpPort(v);
    case 'tcpportOrListener':
      return rn.isTcpPort(v) || rn.isTcpListener(v);
    case 'bytes':
      return v instanceof Uint8Array;
    case 'chars': // a mutable string: an array of one-character strings
      return Array.isArray(v) && v.every((c) => typeof c === 'string');
    case 'str':
      return typeof v === 'string';
    case 'nat':
      return isNat(v);
    case 'natOpt':
      return isDefault(v) || v === false || isNat(v);
    case 'idx': // start/end into the 8-byte (or 8-character) fixtures
      return isDefault(v) || (isNat(v) && (v as number) <= 8);
    case 'byte':
      return isNat(v) && (v as number) <= 255;
    case 'char':
      return typeof v === 'string' && [...v].length === 1;
    case 'host': // `null`/`undefined` stand for #f as everywhere in racket-net
    case 'hostOpt':
      return typeof v === 'string' || v === false || isDefault(v);
    case 'portno':
      return isNat(v) && (v as number) <= 65535;
    case 'portnoOpt':
      return v === false || isDefault(v) || (isNat(v) && (v as number) <= 65535);
    case 'listener':
      return rn.isTcpListener(v);
    case 'udp':
      return rn.isUdp(v);
    case 'secs':
      return (
        isDefault(v) || v === false || typeof v === 'function' || (typeof v === 'number' && v >= 0)
      );
    case 'secsStrict': // sleep: optional, default 0
      return isDefault(v) || (typeof v === 'number' && v >= 0);
    case 'real':
      return typeof v === 'number' && !Number.isNaN(v);
    case 'lineModeOpt':
      return isDefault(v) || LINE_MODES.includes(v as string);
    case 'bufModeOpt':
      return isDefault(v) || ['block', 'line', 'none'].includes(v as string);
    case 'progress':
      return v === false || isDefault(v);
    case 'evt':
      return rn.isEvt(v);
    case 'proc':
      return typeof v === 'function';
    case 'procOrIn': // makeInputPort's readIn
      return typeof v === 'function' || rn.isInputPort(v);
    case 'procOrOut': // makeOutputPort's writeOut
      return typeof v === 'function' || rn.isOutputPort(v);
    case 'peekOpt': // makeInputPort's peek
      return isDefault(v) || v === false || typeof v === 'function' || rn.isInputPort(v);
    case 'thread':
      return rn.isThread(v);
    case 'breakKindOpt':
      return isDefault(v) || v === false || v === 'hang-up' || v === 'terminate';
    case 'custodian':
      return rn.isCustodian(v);
    case 'custodianOpt':
      return isDefault(v) || rn.isCustodian(v);
    case 'semaphore':
      return rn.isSemaphore(v);
    case 'channel':
      return rn.isChannel(v);
    case 'ttl':
      return isNat(v) && (v as number) <= 255;
    case 'posint':
      return (Number.isInteger(v) && (v as number) >= 1) || (typeof v === 'bigint' && v >= 1n); // too large: ExnFailNetwork, as Racket
    case 'signal':
      return v instanceof AbortSignal;
    case 'readableStream':
      return v instanceof ReadableStream;
    case 'writableStream':
      return v instanceof WritableStream;
    case 'nodeReadable':
      return v instanceof Readable;
    case 'nodeWritable':
      return v instanceof Writable;
    case 'procOpt':
      return isDefault(v) || v === false || typeof v === 'function';
    case 'threadOpt':
      return isDefault(v) || rn.isThread(v);
    case 'parameter':
      return isParameter(v);
    case 'list':
      return Array.isArray(v);
    case 'benefactorOpt':
      return isDefault(v) || v === false || rn.isThread(v) || rn.isCustodian(v);
    case 'custodianBox':
      return rn.isCustodianBox(v);
    case 'outOpt': // printing functions: default the current output port
      return v === undefined || rn.isOutputPort(v);
    case 'strport': // an output string port
      return rn.isOutputPort(v) && rn.fileStreamBufferMode(v) === false && isStringPort(v);
    case 'endOpt': // getOutputBytes's end: #f for the end
      return isDefault(v) || v === false || (isNat(v) && (v as number) <= 8);
    case 'strOpt':
      return v === undefined || typeof v === 'string';
    case 'any':
      return true;
  }
}

/** A valid value of `kind` (used only beside at least one wrong argument). */
function valid(kind: Kind): unknown {
  switch (kind) {
    case 'in':
      return f.pipeIn;
    case 'out':
      return f.pipeOut;
    case 'port':
    case 'tcpport':
    case 'tcpportOrListener':
      return f.ci;
    case 'bytes':
      return new Uint8Array(8);
    case 'chars':
      return [...CONTENT];
    case 'str':
      return CONTENT;
    case 'nat':
    case 'natOpt':
    case 'byte':
    case 'ttl':
    case 'posint':
      return 1;
    case 'idx':
    case 'lineModeOpt':
    case 'bufModeOpt':
    case 'hostOpt':
    case 'portnoOpt':
    case 'breakKindOpt':
    case 'custodianOpt':
      return undefined;
    case 'char':
      return 'x';
    case 'host':
      return '127.0.0.1';
    case 'portno':
      return 9;
    case 'listener':
      return f.listener;
    case 'udp':
      return f.udp;
    case 'secs':
    case 'secsStrict':
    case 'real':
      return 0.01;
    case 'progress':
      return false;
    case 'evt':
      return rn.neverEvt;
    case 'proc':
    case 'procOrIn':
    case 'procOrOut':
      return () => rn.neverEvt;
    case 'peekOpt':
      return false;
    case 'thread':
      return f.blocked;
    case 'custodian':
      return f.custodian;
    case 'semaphore':
      return f.sema;
    case 'channel':
      return f.chan;
    case 'signal':
      return new AbortController().signal;
    case 'readableStream':
      return new ReadableStream();
    case 'writableStream':
      return new WritableStream();
    case 'nodeReadable':
      return new Readable({ read() {} });
    case 'nodeWritable':
      return new Writable({ write: (_chunk, _encoding, done) => done() });
    case 'procOpt':
    case 'threadOpt':
      return undefined;
    case 'parameter':
      return PARAMETER;
    case 'list':
      return [];
    case 'benefactorOpt':
      return undefined;
    case 'custodianBox':
      return rn.makeCustodianBox(f.custodian, 0);
    case 'outOpt':
    case 'strport':
      // A fresh string port: printing to it changes no fixture.
      return rn.openOutputString();
    case 'endOpt':
    case 'strOpt':
      return undefined;
    case 'any':
      return 0;
  }
}

/** Whether `v` is an output string port (`getOutputBytes` accepts it). */
function isStringPort(v: unknown): boolean {
  try {
    rn.getOutputString(v as rn.OutputPort);
    return true;
  } catch {
    return false;
  }
}

/** Values of every type, including racket-net objects of the wrong kind. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.integer({ min: 65_536, max: 2 ** 40 }),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 2 ** 53, -1, 256, 1.5),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', 'linefeed', 'block', 'hang-up', '127.0.0.1', '::1', 'ab'),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.bigInt({ min: -5n, max: 5n }),
  fc.constant(Symbol('junk')),
  fc.object({ maxDepth: 1 }),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
  fc.constant(new Uint8Array(2)),
  fc.constant(() => 1),
  fc
    .constantFrom(
      'pipeIn',
      'pipeOut',
      'ci',
      'co',
      'listener',
      'udp',
      'sema',
      'chan',
      'blocked',
      'custodian',
    )
    .map((k) => ({ fixture: k as keyof Fixtures })),
);

/** A wrong-object marker is resolved to the fixture when the call is made. */
function resolve(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && 'fixture' in v && Object.keys(v).length === 1) {
    return f[(v as { fixture: keyof Fixtures }).fixture];
  }
  return v;
}

type Fn = (...args: never[]) => unknown;
const SIGNATURES: readonly [string, Kind[]][] = [
  ['readByte', ['in']],
  ['peekByte', ['in', 'natOpt']],
  ['readChar', ['in']],
  ['peekChar', ['in', 'natOpt']],
  ['readBytes', ['nat', 'in']],
  ['readBytesInto', ['bytes', 'in', 'idx', 'idx']],
  ['readBytesAvail', ['bytes', 'in', 'idx', 'idx']],
  ['readBytesAvailNowait', ['bytes', 'in', 'idx', 'idx']],
  ['readBytesAvailEnableBreak', ['bytes', 'in', 'idx', 'idx']],
  ['peekBytes', ['nat', 'nat', 'in']],
  ['peekBytesInto', ['bytes', 'nat', 'in', 'idx', 'idx']],
  ['peekBytesAvail', ['bytes', 'nat', 'progress', 'in', 'idx', 'idx']],
  ['peekBytesAvailNowait', ['bytes', 'nat', 'progress', 'in', 'idx', 'idx']],
  ['readString', ['nat', 'in']],
  ['peekString', ['nat', 'nat', 'in']],
  ['readStringInto', ['chars', 'in', 'idx', 'idx']],
  ['readLine', ['in', 'lineModeOpt']],
  ['readBytesLine', ['in', 'lineModeOpt']],
  ['isByteReady', ['in']],
  ['isCharReady', ['in']],
  ['writeByte', ['byte', 'out']],
  ['writeChar', ['char', 'out']],
  ['writeBytes', ['bytes', 'out', 'idx', 'idx']],
  ['writeString', ['str', 'out', 'idx', 'idx']],
  ['newline', ['out']],
  ['writeBytesAvail', ['bytes', 'out', 'idx', 'idx']],
  ['writeBytesAvailNowait', ['bytes', 'out', 'idx', 'idx']],
  ['flushOutput', ['out']],
  ['closeInputPort', ['in']],
  ['closeOutputPort', ['out']],
  ['isPortClosed', ['port']],
  ['portClosedEvt', ['port']],
  ['fileStreamBufferMode', ['tcpport', 'bufModeOpt']],
  ['portCountLines', ['port']],
  ['portNextLocation', ['port']],
  ['portProgressEvt', ['in']],
  ['portToBytes', ['in']],
  ['portToString', ['in']],
  ['copyPort', ['in', 'out']],
  ['portToLines', ['in', 'lineModeOpt']],
  ['portToBytesLines', ['in', 'lineModeOpt']],
  ['makeInputPort', ['any', 'procOrIn', 'peekOpt', 'proc']],
  ['makeOutputPort', ['any', 'evt', 'procOrOut', 'proc']],
  ['makeLimitedInputPort', ['in', 'nat', 'any']],
  ['inputPortAppend', ['any', 'in', 'in']],
  ['readBytesEvt', ['nat', 'in']],
  ['readBytesAvailEvt', ['bytes', 'in']],
  ['readLineEvt', ['in', 'lineModeOpt']],
  ['peekBytesEvt', ['nat', 'nat', 'progress', 'in']],
  ['readBytesIntoEvt', ['bytes', 'in']],
  ['peekBytesIntoEvt', ['bytes', 'nat', 'progress', 'in']],
  ['peekBytesAvailEvt', ['bytes', 'nat', 'progress', 'in']],
  ['readStringEvt', ['nat', 'in']],
  ['readStringIntoEvt', ['chars', 'in']],
  ['peekStringEvt', ['nat', 'nat', 'progress', 'in']],
  ['readBytesLineEvt', ['in', 'lineModeOpt']],
  ['eofEvt', ['in']],
  ['writeBytesAvailEvt', ['bytes', 'out', 'idx', 'idx']],
  ['tcpListen', ['portno', 'natOpt', 'any', 'hostOpt']],
  ['tcpConnect', ['host', 'portno', 'hostOpt', 'portnoOpt']],
  ['tcpAccept', ['listener']],
  ['tcpAcceptEnableBreak', ['listener']],
  ['tcpAcceptEvt', ['listener']],
  ['isTcpAcceptReady', ['listener']],
  ['tcpClose', ['listener']],
  ['tcpAddresses', ['tcpportOrListener', 'any']],
  ['tcpAbandonPort', ['tcpport']],
  ['udpOpenSocket', ['hostOpt', 'portnoOpt']],
  ['udpBind', ['udp', 'host', 'portno', 'any']],
  ['udpConnect', ['udp', 'host', 'portno']],
  ['udpSendTo', ['udp', 'host', 'portno', 'bytes', 'idx', 'idx']],
  ['udpSendToNowait', ['udp', 'host', 'portno', 'bytes', 'idx', 'idx']],
  ['udpSendToEvt', ['udp', 'host', 'portno', 'bytes', 'idx', 'idx']],
  ['udpSend', ['udp', 'bytes', 'idx', 'idx']],
  ['udpSendNowait', ['udp', 'bytes', 'idx', 'idx']],
  ['udpSendEvt', ['udp', 'bytes', 'idx', 'idx']],
  ['udpReceive', ['udp', 'bytes', 'idx', 'idx']],
  ['udpReceiveNowait', ['udp', 'bytes', 'idx', 'idx']],
  ['udpReceiveEvt', ['udp', 'bytes', 'idx', 'idx']],
  ['udpReceiveReadyEvt', ['udp']],
  ['udpSendReadyEvt', ['udp']],
  ['udpClose', ['udp']],
  ['udpAddresses', ['udp', 'any']],
  ['udpSetTtl', ['udp', 'ttl']],
  ['udpTtl', ['udp']],
  ['udpSetReceiveBufferSize', ['udp', 'posint']],
  ['udpDroppedCount', ['udp']],
  ['isUdpBound', ['udp']],
  ['isUdpConnected', ['udp']],
  ['sync', ['evt', 'evt']],
  ['syncTimeout', ['secs', 'evt']],
  ['syncEnableBreak', ['evt']],
  ['sleep', ['secsStrict']],
  ['alarmEvt', ['real', 'any']],
  ['makeSemaphore', ['natOpt']],
  ['semaphorePost', ['semaphore']],
  ['semaphoreWait', ['semaphore']],
  ['semaphorePeekEvt', ['semaphore']],
  ['channelPut', ['channel', 'any']],
  ['channelGet', ['channel']],
  ['channelPutEvt', ['channel', 'any']],
  ['thread', ['proc']],
  ['threadWait', ['thread']],
  ['threadDeadEvt', ['thread']],
  ['killThread', ['thread']],
  ['breakThread', ['thread', 'breakKindOpt']],
  ['isThreadRunning', ['thread']],
  ['isThreadDead', ['thread']],
  ['makeCustodian', ['custodianOpt']],
  ['custodianShutdownAll', ['custodian']],
  ['isCustodianShutDown', ['custodian']],
  ['custodianManagedList', ['custodian', 'custodian']],
  ['wrapEvt', ['evt', 'proc']],
  ['handleEvt', ['evt', 'proc']],
  ['choiceEvt', ['evt', 'evt']],
  ['guardEvt', ['proc']],
  ['replaceEvt', ['evt', 'proc']],
  ['nackGuardEvt', ['proc']],
  ['syncTimeoutEnableBreak', ['secs', 'evt']],
  ['parameterizeBreak', ['any', 'proc']],
  ['tcpConnectEnableBreak', ['host', 'portno', 'hostOpt', 'portnoOpt']],
  ['udpSendToEnableBreak', ['udp', 'host', 'portno', 'bytes', 'idx', 'idx']],
  ['udpSendEnableBreak', ['udp', 'bytes', 'idx', 'idx']],
  ['udpReceiveEnableBreak', ['udp', 'bytes', 'idx', 'idx']],
  ['udpMulticastTtl', ['udp']],
  ['udpMulticastSetTtl', ['udp', 'ttl']],
  ['udpMulticastInterface', ['udp']],
  ['udpMulticastSetInterface', ['udp', 'hostOpt']],
  ['isUdpMulticastLoopback', ['udp']],
  ['udpMulticastSetLoopback', ['udp', 'any']],
  ['udpMulticastJoinGroup', ['udp', 'host', 'hostOpt']],
  ['udpMulticastLeaveGroup', ['udp', 'host', 'hostOpt']],
  ['inputPortToReadableStream', ['in']],
  ['inputPortToNodeReadable', ['in']],
  ['outputPortToWritableStream', ['out']],
  ['outputPortToNodeWritable', ['out']],
  ['inLines', ['in', 'lineModeOpt']],
  ['inBytesLines', ['in', 'lineModeOpt']],
  ['inConnections', ['listener']],
  ['readableStreamToInputPort', ['readableStream', 'any']],
  ['writableStreamToOutputPort', ['writableStream', 'any']],
  ['nodeReadableToInputPort', ['nodeReadable', 'any']],
  ['nodeWritableToOutputPort', ['nodeWritable', 'any']],
  ['makeParameter', ['any', 'procOpt']],
  ['breakOnAbort', ['signal', 'threadOpt', 'breakKindOpt']],
  ['callWithAbortSignal', ['signal', 'proc']],
  ['parameterize', ['parameter', 'any', 'proc']],
  ['semaphoreTryWait', ['semaphore']],
  ['semaphoreWaitEnableBreak', ['semaphore']],
  ['channelTryGet', ['channel']],
  ['isHandleEvt', ['evt']],
  ['pollGuardEvt', ['proc']],
  ['threadSend', ['thread', 'any', 'procOpt']],
  ['threadRewindReceive', ['list']],
  ['threadSuspend', ['thread']],
  ['threadResume', ['thread', 'benefactorOpt']],
  ['threadSuspendEvt', ['thread']],
  ['threadResumeEvt', ['thread']],
  ['callInNestedThread', ['proc', 'custodianOpt']],
  ['makeDerivedParameter', ['parameter', 'proc', 'proc']],
  ['makeCustodianBox', ['custodian', 'any']],
  ['custodianBoxValue', ['custodianBox']],
  ['openInputBytes', ['bytes', 'strOpt']],
  ['openInputString', ['str', 'strOpt']],
  ['openOutputBytes', ['strOpt']],
  ['openOutputString', ['strOpt']],
  ['getOutputBytes', ['strport', 'any', 'idx', 'endOpt']],
  ['getOutputString', ['strport']],
  ['currentInputPort', ['in']],
  ['currentOutputPort', ['out']],
  ['currentErrorPort', ['out']],
  ['display', ['any', 'outOpt']],
  ['write', ['any', 'outOpt']],
  ['print', ['any', 'outOpt']],
  ['displayln', ['any', 'outOpt']],
  ['writeln', ['any', 'outOpt']],
  ['println', ['any', 'outOpt']],
  ['fprintf', ['out', 'str', 'any']],
  ['printf', ['str', 'any']],
  ['eprintf', ['str', 'any']],
  ['format', ['str', 'any']],
  ['withOutputToString', ['proc']],
  ['withOutputToBytes', ['proc']],
  ['callWithOutputString', ['proc']],
  ['callWithOutputBytes', ['proc']],
  ['withInputFromString', ['str', 'proc']],
];

/** Arguments for `kinds`: each slot valid or wrong, with at least one wrong. */
function argumentsFor(kinds: readonly Kind[]): fc.Arbitrary<unknown[]> {
  const validSlot = fc.constant({ junk: false as boolean, value: undefined as unknown });
  const slots = kinds.map((kind) =>
    kind === 'any' // nothing is wrong there (a filter that never passes would never end)
      ? validSlot
      : fc.oneof(
          validSlot,
          anyValue
            .filter((v) => !acceptable(kind, resolve(v)))
            .map((value) => ({ junk: true, value })),
        ),
  );
  return fc
    .tuple(...slots)
    .filter((s) => s.some((x) => x.junk))
    .map((s) => s.map((x, i) => (x.junk ? resolve(x.value) : valid(kinds[i]!))));
}

function show(args: readonly unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'symbol' || typeof a === 'bigint')
        return String(a) + (typeof a === 'bigint' ? 'n' : '');
      if (typeof a === 'function') return 'function';
      if (a instanceof Uint8Array) return `Uint8Array(${a.length})`;
      if (typeof a === 'object' && a !== null && a.constructor !== Object && !Array.isArray(a))
        return `#<${a.constructor.name}>`;
      try {
        return JSON.stringify(a) ?? String(a);
      } catch {
        return String(a);
      }
    })
    .join(', ');
}

/** The fixtures are as they were: nothing read, written, closed, bound, posted or killed. */
async function assertUnchanged(): Promise<void> {
  const peek = new Uint8Array(16);
  assert.equal(
    rn.peekBytesAvailNowait(peek, 0, false, f.pipeIn),
    CONTENT.length,
    'pipe content changed',
  );
  assert.equal(Buffer.from(peek.subarray(0, 8)).toString(), CONTENT);
  for (const p of [f.pipeIn, f.pipeOut, f.ci, f.co])
    assert.ok(!rn.isPortClosed(p), 'a port was closed');
  assert.equal(rn.fileStreamBufferMode(f.ci), 'block', 'a TCP port mode changed');
  assert.ok(!rn.isUdpBound(f.udp) && !rn.isUdpConnected(f.udp), 'the UDP socket was bound');
  assert.equal(rn.udpTtl(f.udp), 64, 'the UDP TTL changed');
  rn.tcpAddresses(f.listener); // raises if the listener was closed
  assert.equal(rn.isTcpAcceptReady(f.listener), true, 'the waiting client was accepted');
  assert.ok(rn.isThreadRunning(f.blocked), 'the blocked thread was killed');
  assert.ok(!rn.isCustodianShutDown(f.custodian), 'a custodian was shut down');
  assert.equal(await rn.syncTimeout(0, f.sema), false, 'the semaphore was posted');
}

test('bad input: wrong arguments raise ExnFailContract, change nothing, leak no rejection', async () => {
  let unhandled = 0;
  const onUnhandled = (): void => void unhandled++;
  process.on('unhandledRejection', onUnhandled);
  const api = rn as unknown as Record<string, Fn>;
  const perFunction = new Map<string, number>();
  let calls = 0;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...SIGNATURES)
          .chain(([name, kinds]) => fc.tuple(fc.constant(name), argumentsFor(kinds))),
        async ([name, args]) => {
          calls++;
          perFunction.set(name, (perFunction.get(name) ?? 0) + 1);
          const fn = api[name]!;
          assert.equal(typeof fn, 'function', name);
          let outcome: unknown;
          try {
            const result = (fn as (...a: unknown[]) => unknown)(...args);
            if (result instanceof Promise) {
              let timer: NodeJS.Timeout | undefined;
              const timeout = new Promise((resolve) => {
                timer = setTimeout(() => resolve('did not settle in 1 s'), 1000);
              });
              outcome = await Promise.race([
                result.then(
                  (v) => `resolved to ${show([v])}`,
                  (e: unknown) => e,
                ),
                timeout,
              ]);
              clearTimeout(timer);
            } else outcome = `returned ${show([result])}`;
          } catch (error) {
            outcome = error;
          }
          assert.ok(
            outcome instanceof rn.ExnFailContract,
            `${name}(${show(args)}): ${outcome instanceof Error ? `${outcome.constructor.name}: ${outcome.message}` : String(outcome)}`,
          );
          await assertUnchanged();
        },
      ),
      {
        numRuns: scale(3000, 50_000),
        seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
      },
    );
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  assert.equal(unhandled, 0, 'unhandled rejections');
  recordFigures('bad-input:wrong-arguments', {
    calls,
    functions: perFunction.size,
    unhandledRejections: unhandled,
  });
});

test('bad input: operations on closed objects raise ExnFail / ExnFailNetwork', async () => {
  const c = rn.makeCustodian();
  const [closedIn, closedOut, listener, udp] = await rn.parameterize(
    rn.currentCustodian,
    c,
    async () => {
      const [i, o] = rn.makePipe();
      rn.closeInputPort(i);
      await rn.closeOutputPort(o);
      const l = await rn.tcpListen(0, 4, false, '127.0.0.1');
      rn.tcpClose(l);
      const u = await rn.udpOpenSocket('127.0.0.1');
      rn.udpClose(u);
      return [i, o, l, u] as const;
    },
  );
  const buf = new Uint8Array(4);
  const closedString = rn.openInputString('x');
  rn.closeInputPort(closedString);
  const portOps: [string, () => unknown][] = [
    ['readByte', () => rn.readByte(closedIn)],
    ['readBytes', () => rn.readBytes(2, closedIn)],
    ['readBytesAvailNowait', () => rn.readBytesAvailNowait(buf, closedIn)],
    ['peekBytes', () => rn.peekBytes(1, 0, closedIn)],
    ['readLine', () => rn.readLine(closedIn)],
    ['isByteReady', () => rn.isByteReady(closedIn)],
    ['writeBytes', () => rn.writeBytes(buf, closedOut)],
    ['writeString', () => rn.writeString('x', closedOut)],
    ['writeBytesAvailNowait', () => rn.writeBytesAvailNowait(buf, closedOut)],
    ['flushOutput', () => rn.flushOutput(closedOut)],
    ['display', () => rn.display([1, 'x'], closedOut)],
    ['write', () => rn.write('x', closedOut)],
    ['fprintf', () => rn.fprintf(closedOut, '~a', 1)],
    ['readLine of a closed string port', () => rn.readLine(closedString)],
  ];
  const networkOps: [string, () => unknown][] = [
    ['tcpAccept', () => rn.tcpAccept(listener)],
    ['isTcpAcceptReady', () => rn.isTcpAcceptReady(listener)],
    ['tcpClose', () => rn.tcpClose(listener)],
    ['tcpAddresses', () => rn.tcpAddresses(listener)],
    ['udpBind', () => rn.udpBind(udp, '127.0.0.1', 0)],
    ['udpConnect', () => rn.udpConnect(udp, '127.0.0.1', 9)],
    ['udpSendTo', () => rn.udpSendTo(udp, '127.0.0.1', 9, buf)],
    ['udpSendNowait', () => rn.udpSendNowait(udp, buf)],
    ['udpReceive', () => rn.udpReceive(udp, buf)],
    ['udpReceiveNowait', () => rn.udpReceiveNowait(udp, buf)],
    ['udpAddresses', () => rn.udpAddresses(udp)],
  ];
  const outcome = async (op: () => unknown): Promise<unknown> => {
    try {
      await op();
      return 'no exception';
    } catch (error) {
      return error;
    }
  };
  let tried = 0;
  for (const [name, op] of portOps) {
    const e = await outcome(op);
    assert.ok(e instanceof rn.ExnFail, `${name} on a closed port: ${String(e)}`);
    tried++;
  }
  for (const [name, op] of networkOps) {
    const e = await outcome(op);
    assert.ok(e instanceof rn.ExnFailNetwork, `${name} on a closed object: ${String(e)}`);
    tried++;
  }
  rn.custodianShutdownAll(c);
  recordFigures('bad-input:closed-objects', { operations: tried });
});
