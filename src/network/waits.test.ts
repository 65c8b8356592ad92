/**
 * Breaks and kills in the network layer's waits, each a `sync`: a name lookup (`tcpListen`'s,
 * through the shared resolver), a UDP send or connect waiting for Node's report, and a UDP
 * operation waiting its turn on the socket (or holding it while it waits for the resolver).
 *
 * Node is made to wait at will: lookups of `*.held.test` are held until the test answers them,
 * a socket's sends can be held before Node reports them (no datagram is sent), and its connects
 * before Node makes them (Node itself connects at once and reports in the next tick).
 */
import { after, afterEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { currentCustodian, custodianManagedList, makeCustodian } from '../custodian/custodian.js';
import { ExnBreak, ExnFailNetworkErrno } from '../exn/exn.js';
import { parameterize } from '../parameter/parameter.js';
import { tcpListen } from '../tcp/listener.js';
import { parameterizeBreak } from '../thread/break.js';
import { breakThread, isThreadDead, killThread, thread, threadWait } from '../thread/thread.js';
import { isUdpConnected, udpBind, udpConnect, udpOpenSocket } from '../udp/lifecycle.js';
import { udpReceive } from '../udp/receive.js';
import { udpSend, udpSendEnableBreak, udpSendTo, udpSendToEnableBreak } from '../udp/send.js';
import { type Udp } from '../udp/socket.js';
import { pause } from '../test-support/async.js';
import { bytes, text } from '../test-support/bytes.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { assertRejectsExn } from '../test-support/exn-assert.js';
import { boundSocket, datagramArrives } from '../test-support/udp.js';

useTestCustodian(after);
afterEach(() => mock.restoreAll());

type LookupCallback = (error: Error | null, addresses?: dns.LookupAddress[]) => void;

/** Holds lookups of `*.held.test` until `answer`; other names resolve as usual. */
function holdLookups(): { readonly count: number; answer(i: number, address: string): void } {
  const held: LookupCallback[] = [];
  const original = dns.lookup;
  mock.method(dns, 'lookup', (host: string, options: object, callback: LookupCallback) => {
    if (host.endsWith('.held.test')) held.push(callback);
    else (original as (...args: unknown[]) => void).call(dns, host, options, callback);
  });
  return {
    get count() {
      return held.length;
    },
    answer: (i, address) => held[i]!(null, [{ address, family: 4 }]),
  };
}

/** Holds the sends `socket` hands to Node: none is sent, none reported until `report`. */
function holdReports(socket: Udp): {
  readonly count: number;
  report(i: number, error: Error | null): void;
} {
  const node = socket.systemSocket!;
  const held: ((error: Error | null) => void)[] = [];
  mock.method(node, 'send', (...args: unknown[]) => {
    held.push(args[args.length - 1] as (error: Error | null) => void);
  });
  return {
    get count() {
      return held.length;
    },
    report: (i, error) => held[i]!(error),
  };
}

/** Holds the connects `socket` hands to Node: none is made until `connect` makes it. */
function holdConnects(socket: Udp): { readonly count: number; connect(i: number): void } {
  const node = socket.systemSocket!;
  const original = node.connect as (...args: unknown[]) => void;
  const held: (() => void)[] = [];
  mock.method(node, 'connect', (...args: unknown[]) => {
    held.push(() => original.apply(node, args));
  });
  return {
    get count() {
      return held.length;
    },
    connect: (i) => held[i]!(),
  };
}

const refused = (): Error =>
  Object.assign(new Error('send ECONNREFUSED'), { code: 'ECONNREFUSED', syscall: 'send' });

/** Runs `body` in a new thread; its outcome is what it returned or raised. */
function run(
  body: () => Promise<unknown>,
  breaks = true,
): { thread: ReturnType<typeof thread>; outcome: unknown } {
  const state: { thread: ReturnType<typeof thread>; outcome: unknown } = {
    thread: undefined as never,
    outcome: 'waiting',
  };
  state.thread = parameterizeBreak(breaks, () =>
    thread(async () => {
      try {
        state.outcome = await body();
      } catch (e) {
        state.outcome = e;
      }
    }),
  );
  return state;
}

/** The next datagram's text on `r`, or `null` if none comes soon. */
async function nextText(r: Udp): Promise<string | null> {
  if (!(await datagramArrives(r, 0.2))) return null;
  const b = new Uint8Array(16);
  const [n] = await udpReceive(r, b);
  return text(b, 0, n);
}

describe("tcpListen's name lookup", () => {
  it('a break ends it; the answer that comes later opens nothing', async () => {
    const lookups = holdLookups();
    const custodian = makeCustodian();
    const t = parameterize(currentCustodian, custodian, () =>
      run(() => tcpListen(0, 4, false, 'listen.held.test')),
    );
    await pause(20);
    assert.equal(lookups.count, 1);
    breakThread(t.thread);
    await threadWait(t.thread);
    assert.ok(t.outcome instanceof ExnBreak, String(t.outcome));
    lookups.answer(0, '127.0.0.1');
    await pause(20);
    assert.deepEqual(custodianManagedList(custodian, currentCustodian()), []);
  });

  it('a kill ends it: the thread does not resume, and the answer opens nothing', async () => {
    const lookups = holdLookups();
    const custodian = makeCustodian();
    const t = parameterize(currentCustodian, custodian, () =>
      run(() => tcpListen(0, 4, false, 'listen.held.test')),
    );
    await pause(20);
    killThread(t.thread);
    lookups.answer(0, '127.0.0.1');
    await pause(20);
    assert.equal(t.outcome, 'waiting');
    assert.ok(isThreadDead(t.thread));
    assert.deepEqual(custodianManagedList(custodian, currentCustodian()), []);
  });
});

describe("a UDP send waiting for Node's report", () => {
  async function connectedPair(): Promise<[Udp, Udp]> {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    await udpConnect(s, '127.0.0.1', port);
    return [r, s];
  }

  it('a break ends the wait; a failure reported later is raised by the next send', async () => {
    const [r, s] = await connectedPair();
    const reports = holdReports(s);
    const t = run(() => udpSend(s, bytes('held')));
    await pause(20);
    assert.equal(reports.count, 1);
    breakThread(t.thread);
    await threadWait(t.thread);
    assert.ok(t.outcome instanceof ExnBreak, String(t.outcome));
    mock.restoreAll();
    reports.report(0, refused());
    await assertRejectsExn(
      udpSend(s, bytes('next')),
      ExnFailNetworkErrno,
      'udp-send: send failed\n  system error: Connection refused; errno=111',
    );
    await udpSend(s, bytes('after'));
    assert.equal(await nextText(r), 'after');
  });

  it('udpSendEnableBreak with breaks disabled is not broken once the datagram is handed over', async () => {
    const [, s] = await connectedPair();
    const reports = holdReports(s);
    const t = run(async () => {
      await udpSendEnableBreak(s, bytes('held'));
      return 'sent';
    }, false);
    await pause(20);
    breakThread(t.thread);
    await pause(20);
    assert.equal(t.outcome, 'waiting', 'sent or broken, never both');
    reports.report(0, null);
    await threadWait(t.thread);
    assert.equal(t.outcome, 'sent');
  });

  it('a kill ends the wait: the thread does not resume; the socket goes on', async () => {
    const [r, s] = await connectedPair();
    const reports = holdReports(s);
    const t = run(async () => {
      await udpSend(s, bytes('held'));
      return 'resumed';
    });
    await pause(20);
    killThread(t.thread);
    reports.report(0, null);
    mock.restoreAll();
    await pause(20);
    assert.equal(t.outcome, 'waiting');
    await udpSend(s, bytes('after'));
    assert.equal(await nextText(r), 'after');
  });
});

describe("a UDP connect waiting for Node's report", () => {
  /** A receiver, and a bound socket whose connects are held. */
  async function heldConnect(): Promise<[Udp, number, Udp, ReturnType<typeof holdConnects>]> {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    await udpBind(s, '127.0.0.1', 0);
    return [r, port, s, holdConnects(s)];
  }

  it('a break ends the wait and gives the turn up; the connect, once made, stands', async () => {
    const [r, port, s, connects] = await heldConnect();
    const t = run(() => udpConnect(s, '127.0.0.1', port));
    await pause(20);
    assert.equal(connects.count, 1);
    breakThread(t.thread);
    await threadWait(t.thread);
    assert.ok(t.outcome instanceof ExnBreak, String(t.outcome));
    await udpSendTo(s, '127.0.0.1', port, bytes('meanwhile'));
    assert.equal(await nextText(r), 'meanwhile');
    assert.equal(isUdpConnected(s), false);
    mock.restoreAll();
    connects.connect(0);
    await pause(20);
    // As if the break had come just after the connect.
    assert.equal(isUdpConnected(s), true);
    await udpSend(s, bytes('after'));
    assert.equal(await nextText(r), 'after');
  });

  it('a kill ends the wait: the thread does not resume; the turn and the connect go on', async () => {
    const [r, port, s, connects] = await heldConnect();
    const t = run(async () => {
      await udpConnect(s, '127.0.0.1', port);
      return 'resumed';
    });
    await pause(20);
    assert.equal(connects.count, 1);
    killThread(t.thread);
    await udpSendTo(s, '127.0.0.1', port, bytes('meanwhile'));
    assert.equal(await nextText(r), 'meanwhile');
    mock.restoreAll();
    connects.connect(0);
    await pause(20);
    assert.equal(t.outcome, 'waiting');
    assert.ok(isThreadDead(t.thread));
    assert.equal(isUdpConnected(s), true);
    await udpSend(s, bytes('after'));
    assert.equal(await nextText(r), 'after');
  });
});

describe('a UDP operation waiting its turn', () => {
  it('a break ends the wait for the turn: that send never happens; later ones keep call order', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    const lookups = holdLookups();
    const first = udpSendTo(s, 'turn.held.test', port, bytes('1'));
    const t = run(() => udpSendToEnableBreak(s, '127.0.0.1', port, bytes('2')), false);
    await pause(20);
    breakThread(t.thread);
    await threadWait(t.thread);
    assert.ok(t.outcome instanceof ExnBreak, String(t.outcome));
    const third = udpSendTo(s, '127.0.0.1', port, bytes('3'));
    lookups.answer(0, '127.0.0.1');
    await Promise.all([first, third]);
    assert.equal(await nextText(r), '1');
    assert.equal(await nextText(r), '3');
    assert.equal(await nextText(r), null);
  });

  it('a kill ends the wait for the turn: the queue moves on without it', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    const lookups = holdLookups();
    const first = udpSendTo(s, 'turn.held.test', port, bytes('1'));
    const t = run(() => udpSendTo(s, '127.0.0.1', port, bytes('2')));
    await pause(20);
    killThread(t.thread);
    const third = udpSendTo(s, '127.0.0.1', port, bytes('3'));
    lookups.answer(0, '127.0.0.1');
    await Promise.all([first, third]);
    assert.equal(await nextText(r), '1');
    assert.equal(await nextText(r), '3');
    assert.equal(await nextText(r), null);
  });

  it('a kill while a send holds the turn (waiting for the resolver) lets the next one go', async () => {
    const [r, port] = await boundSocket();
    const s = await udpOpenSocket();
    const lookups = holdLookups();
    const t = run(() => udpSendTo(s, 'turn.held.test', port, bytes('1')));
    await pause(20);
    assert.equal(lookups.count, 1);
    killThread(t.thread);
    await udpSendTo(s, '127.0.0.1', port, bytes('2'));
    assert.equal(await nextText(r), '2');
    lookups.answer(0, '127.0.0.1');
    assert.equal(await nextText(r), null);
  });
});
