/** The UDP layer's bookkeeping on its own: the receive queue and the memberships. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MembershipList } from './memberships.js';
import { DATAGRAM_OVERHEAD, ReceiveQueue } from './receive-queue.js';

const datagram = (length: number, port = 1) => ({
  data: new Uint8Array(length),
  address: '127.0.0.1',
  port,
});

describe('ReceiveQueue', () => {
  it('is bounded in bytes (payload + overhead), counts drops, and keeps order', () => {
    const q = new ReceiveQueue();
    q.limit = 3 * (100 + DATAGRAM_OVERHEAD);
    for (let i = 1; i <= 5; i++) q.offer(datagram(100, i));
    assert.equal(q.length, 3);
    assert.equal(q.dropped, 2);
    assert.deepEqual([q.take()!.port, q.take()!.port], [1, 2]);
    assert.equal(q.offer(datagram(100, 6)), true);
    assert.deepEqual([q.take()!.port, q.take()!.port, q.take()], [3, 6, undefined]);
  });

  it('a datagram larger than the bound still fits in an empty queue; empty ones are charged', () => {
    const q = new ReceiveQueue();
    q.limit = 1000;
    assert.equal(q.offer(datagram(65507)), true);
    assert.equal(q.offer(datagram(0)), false);
    q.take();
    for (let i = 0; i < 10; i++) q.offer(datagram(0));
    assert.equal(q.length, Math.floor(1000 / DATAGRAM_OVERHEAD));
  });

  it('stays compact under a long stream', () => {
    const q = new ReceiveQueue();
    q.limit = Infinity;
    for (let i = 0; i < 5000; i++) {
      q.offer(datagram(10, i));
      q.offer(datagram(10, i));
      assert.equal(q.take()!.port, Math.floor(i / 2));
    }
    assert.equal(q.length, 5000);
    q.clear();
    assert.equal(q.isEmpty, true);
  });
});

describe('MembershipList (Linux IP_ADD/DROP_MEMBERSHIP, before the socket binds)', () => {
  it('answers as the kernel does', () => {
    const m = new MembershipList();
    assert.equal(m.join('127.0.0.0', '0.0.0.0'), 'EINVAL');
    assert.equal(m.join('233.252.0.0', '8.8.8.0'), 'ENODEV');
    assert.equal(m.leave('233.252.0.0', '0.0.0.0'), 'EADDRNOTAVAIL');
    assert.equal(m.join('233.252.0.0', '127.0.0.1'), null);
    assert.equal(m.join('233.252.0.0', '127.0.0.1'), 'EADDRINUSE');
    assert.equal(m.join('233.252.0.0', '0.0.0.0'), null);
    assert.equal(m.leave('233.252.0.0', '8.8.8.0'), 'EADDRNOTAVAIL');
    // "Any" leaves the first membership of the group; an address only its own.
    assert.equal(m.leave('233.252.0.0', '0.0.0.0'), null);
    assert.deepEqual(
      m.all.map((x) => x.interfaceAddress),
      ['0.0.0.0'],
    );
    assert.equal(m.leave('233.252.0.0', '127.0.0.1'), 'EADDRNOTAVAIL');
    assert.equal(m.leave('233.252.0.0', '0.0.0.0'), null);
    assert.equal(m.all.length, 0);
  });
});
