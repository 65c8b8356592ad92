/**
 * Boundaries (loopback addresses only): a listener bound to one local address is not reachable
 * through another; a host name binds only what it resolves to; nothing listens on all addresses
 * unless asked (checked in the kernel's own tables, `/proc/net/tcp*`, for this process's sockets).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { after, test } from 'node:test';
import * as rn from '../index.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { listenLoopback } from '../test-support/tcp.js';
import { recordFigures } from './support.js';

useTestCustodian(after);

async function refused(host: string, port: number): Promise<unknown> {
  try {
    const [i, o] = await rn.tcpConnect(host, port);
    rn.closeInputPort(i);
    await rn.closeOutputPort(o);
    return 'connected';
  } catch (error) {
    return error;
  }
}

function assertRefused(outcome: unknown, what: string): void {
  assert.ok(outcome instanceof rn.ExnFailNetworkErrno, `${what}: ${String(outcome)}`);
  assert.deepEqual(outcome.errno, [111, 'posix'], what);
}

/** Local addresses of this process's listening TCP sockets, from the kernel's tables. */
function listeningAddresses(): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A' || !inodes.has(cols[9]!)) continue; // 0A: LISTEN
      out.push(cols[1]!.split(':')[0]!);
    }
  }
  return out;
}
const WILDCARDS = ['00000000', '00000000000000000000000000000000'];

let checks = 0;

test('boundaries: a listener on 127.0.0.1 is not reachable via ::1 or 127.0.0.2', async () => {
  const [listener, port] = await listenLoopback('127.0.0.1');
  assert.deepEqual(rn.tcpAddresses(listener).slice(0, 1), ['127.0.0.1']);
  assertRefused(await refused('::1', port), '::1');
  assertRefused(await refused('127.0.0.2', port), '127.0.0.2');
  assert.equal(await refused('127.0.0.1', port), 'connected');
  rn.tcpClose(listener);
  checks += 3;
});

test('boundaries: a listener on ::1 is not reachable via 127.0.0.1', async () => {
  const [listener, port] = await listenLoopback('::1');
  assert.equal(rn.tcpAddresses(listener)[0], '::1');
  assertRefused(await refused('127.0.0.1', port), '127.0.0.1');
  assert.equal(await refused('::1', port), 'connected');
  rn.tcpClose(listener);
  checks += 2;
});

test('boundaries: a host name binds only what it resolves to, never all addresses', async () => {
  const listener = await rn.tcpListen(0, 4, false, 'localhost');
  const [local, port] = rn.tcpAddresses(listener, true);
  assert.ok(local === '127.0.0.1' || local === '::1', `localhost bound ${local}`);
  const others = local === '127.0.0.1' ? ['127.0.0.2'] : ['127.0.0.1', '127.0.0.2'];
  for (const other of others) assertRefused(await refused(other, port), other);
  for (const addr of listeningAddresses()) assert.ok(!WILDCARDS.includes(addr), `wildcard ${addr}`);
  rn.tcpClose(listener);
  checks += 1 + others.length;
});

test('boundaries: nothing listens on all addresses unless asked (hostname false)', async () => {
  const specific = await rn.tcpListen(0, 4, false, '127.0.0.1');
  const [ci, co] = await rn.tcpConnect('127.0.0.1', rn.tcpAddresses(specific, true)[1]);
  const udp = await rn.udpOpenSocket('127.0.0.1');
  await rn.udpBind(udp, '127.0.0.1', 0);
  const before = listeningAddresses();
  assert.ok(before.length >= 1);
  for (const addr of before) assert.ok(!WILDCARDS.includes(addr), `wildcard ${addr}`);
  // Asked: hostname false listens everywhere, and says so ("0.0.0.0", as the seed says).
  const everywhere = await rn.tcpListen(0, 4, false, false);
  assert.equal(rn.tcpAddresses(everywhere)[0], '0.0.0.0');
  assert.ok(
    listeningAddresses().some((a) => WILDCARDS.includes(a)),
    'the checker sees wildcards',
  );
  rn.tcpClose(everywhere);
  rn.tcpClose(specific);
  rn.closeInputPort(ci);
  await rn.closeOutputPort(co);
  rn.udpClose(udp);
  checks += 2;
  recordFigures('boundaries', { checks });
});
