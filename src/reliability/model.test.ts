/**
 * Random operation sequences (fast-check) on a pipe and on a TCP pair, checked against a model
 * that is just a queue of bytes per direction and a closed flag: bytes in equal bytes out, in
 * order; a read on an empty, closed direction is EOF; a write after the close raises `ExnFail`;
 * a half-close (FIN) in one direction leaves the other working.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import * as rn from '../index.js';
import { hex } from '../test-support/bytes.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { connectedPair } from '../test-support/tcp.js';
import { recordFigures, scale } from './support.js';

useTestCustodian(after);

const chunk = fc.uint8Array({ minLength: 0, maxLength: 300, size: 'max' });
type PipeOp =
  | { op: 'write'; data: Uint8Array }
  | { op: 'readAvail'; n: number }
  | { op: 'peek'; n: number; skip: number }
  | { op: 'readBytes'; n: number }
  | { op: 'ready' }
  | { op: 'closeOut' };

const pipeOp: fc.Arbitrary<PipeOp> = fc.oneof(
  { weight: 4, arbitrary: chunk.map((data) => ({ op: 'write' as const, data })) },
  { weight: 3, arbitrary: fc.nat(400).map((n) => ({ op: 'readAvail' as const, n: n + 1 })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat(100), fc.nat(200))
      .map(([n, skip]) => ({ op: 'peek' as const, n: n + 1, skip })),
  },
  { weight: 2, arbitrary: fc.nat(400).map((n) => ({ op: 'readBytes' as const, n })) },
  { weight: 1, arbitrary: fc.constant({ op: 'ready' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'closeOut' as const }) },
);

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => Buffer.concat([a, b]);

test('model: random operations on a pipe keep every byte, in order, and the EOF rules', async () => {
  let ops = 0;
  let bytes = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(pipeOp, { maxLength: 40 }), async (program) => {
      const [input, output] = rn.makePipe();
      let model: Uint8Array = new Uint8Array(0);
      let closed = false;
      for (const step of program) {
        ops++;
        switch (step.op) {
          case 'write':
            if (closed) {
              await assert.rejects(rn.writeBytes(step.data, output), rn.ExnFail);
            } else {
              assert.equal(await rn.writeBytes(step.data, output), step.data.length);
              model = concat(model, step.data);
              bytes += step.data.length;
            }
            break;
          case 'readAvail': {
            const buf = new Uint8Array(step.n);
            const got = rn.readBytesAvailNowait(buf, input);
            if (model.length === 0) assert.equal(got, closed ? rn.eof : 0);
            else {
              const k = Math.min(step.n, model.length);
              assert.equal(got, k);
              assert.equal(hex(buf.subarray(0, k)), hex(model.subarray(0, k)));
              model = model.subarray(k);
            }
            break;
          }
          case 'peek': {
            const buf = new Uint8Array(step.n);
            const got = rn.peekBytesAvailNowait(buf, step.skip, false, input);
            const avail = Math.max(0, model.length - step.skip);
            if (avail === 0) assert.equal(got, closed ? rn.eof : 0);
            else {
              const k = Math.min(step.n, avail);
              assert.equal(got, k);
              assert.equal(hex(buf.subarray(0, k)), hex(model.subarray(step.skip, step.skip + k)));
            }
            break;
          }
          case 'readBytes': {
            if (!closed && model.length < step.n) break; // it would wait: not in this model
            const got = await rn.readBytes(step.n, input);
            if (step.n === 0) assert.equal(hex(got as Uint8Array), '');
            else if (model.length === 0) assert.equal(got, rn.eof);
            else {
              const k = Math.min(step.n, model.length);
              assert.equal(hex(got as Uint8Array), hex(model.subarray(0, k)));
              model = model.subarray(k);
            }
            break;
          }
          case 'ready':
            assert.equal(rn.isByteReady(input), model.length > 0 || closed);
            break;
          case 'closeOut':
            await rn.closeOutputPort(output);
            closed = true;
            break;
        }
      }
      if (!closed) await rn.closeOutputPort(output);
      assert.equal(hex(await rn.portToBytes(input)), hex(model));
      rn.closeInputPort(input);
    }),
    { numRuns: scale(300, 5000) },
  );
  recordFigures('model:pipe', { operations: ops, bytesWritten: bytes, bytesLost: 0 });
});

type Side = 'c' | 's';
type TcpOp =
  | { op: 'send'; from: Side; data: Uint8Array }
  | { op: 'write'; from: Side; data: Uint8Array }
  | { op: 'writeNowait'; from: Side; data: Uint8Array }
  | { op: 'flush'; from: Side }
  | { op: 'mode'; side: Side; mode: 'block' | 'line' | 'none' }
  | { op: 'recv'; at: Side; n: number }
  | { op: 'recvNowait'; at: Side; n: number }
  | { op: 'peek'; at: Side; n: number; skip: number }
  | { op: 'close'; side: Side };

const side = fc.constantFrom('c' as const, 's' as const);
const tcpData = fc.uint8Array({ maxLength: 20_000, size: 'max' });
const tcpOp: fc.Arbitrary<TcpOp> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(side, tcpData).map(([from, data]) => ({ op: 'send' as const, from, data })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(side, fc.uint8Array({ maxLength: 6_000, size: 'max' }))
      .map(([from, data]) => ({ op: 'write' as const, from, data })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(side, tcpData)
      .map(([from, data]) => ({ op: 'writeNowait' as const, from, data })),
  },
  { weight: 1, arbitrary: side.map((from) => ({ op: 'flush' as const, from })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(side, fc.constantFrom('block' as const, 'line' as const, 'none' as const))
      .map(([s, mode]) => ({ op: 'mode' as const, side: s, mode })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(side, fc.integer({ min: 0, max: 30_000 }))
      .map(([at, n]) => ({ op: 'recv' as const, at, n })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(side, fc.integer({ min: 1, max: 30_000 }))
      .map(([at, n]) => ({ op: 'recvNowait' as const, at, n })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(side, fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 5_000 }))
      .map(([at, n, skip]) => ({ op: 'peek' as const, at, n, skip })),
  },
  { weight: 1, arbitrary: side.map((s) => ({ op: 'close' as const, side: s })) },
);

test('model: random operations on a TCP pair keep every byte; half-close rules hold', async () => {
  let ops = 0;
  let bytes = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(tcpOp, { maxLength: 25 }), async (program) => {
      const pair = await connectedPair();
      rn.tcpClose(pair.listener);
      const out = { c: pair.co, s: pair.so };
      const inp = { c: pair.ci, s: pair.si };
      // pending[x]: bytes on their way to x, of which the first sure[x] have surely been sent
      // (flushed or closed; the rest may still wait in the sender's buffer); closed[x]: x has
      // closed its output (FIN sent).
      const pending: Record<Side, Uint8Array> = { c: new Uint8Array(0), s: new Uint8Array(0) };
      const sure = { c: 0, s: 0 };
      const closed = { c: false, s: false };
      const other = (x: Side): Side => (x === 'c' ? 's' : 'c');
      const sent = (from: Side, data: Uint8Array): void => {
        const to = other(from);
        pending[to] = concat(pending[to], data);
        bytes += data.length;
      };
      const taken = (at: Side, m: number): void => {
        pending[at] = pending[at].subarray(m);
        sure[at] = Math.max(0, sure[at] - m);
      };
      for (const step of program) {
        ops++;
        switch (step.op) {
          case 'send':
          case 'write':
            if (closed[step.from]) {
              await assert.rejects(rn.writeBytes(step.data, out[step.from]), rn.ExnFail);
              break;
            }
            assert.equal(await rn.writeBytes(step.data, out[step.from]), step.data.length);
            sent(step.from, step.data);
            if (step.op === 'send') {
              await rn.flushOutput(out[step.from]);
              sure[other(step.from)] = pending[other(step.from)].length;
            }
            break;
          case 'writeNowait': {
            if (closed[step.from]) break;
            const n = rn.writeBytesAvailNowait(step.data, out[step.from]);
            if (n !== false) sent(step.from, step.data.subarray(0, n));
            break;
          }
          case 'flush':
            if (closed[step.from]) break;
            await rn.flushOutput(out[step.from]);
            sure[other(step.from)] = pending[other(step.from)].length;
            break;
          case 'mode':
            if (!closed[step.side]) rn.fileStreamBufferMode(out[step.side], step.mode);
            break;
          case 'recv': {
            // Read only what has surely been sent (or to EOF once the peer closed).
            const k = closed[other(step.at)] ? step.n : Math.min(step.n, sure[step.at]);
            const got = await rn.readBytes(k, inp[step.at]);
            if (k === 0) break;
            if (pending[step.at].length === 0) assert.equal(got, rn.eof);
            else {
              const m = Math.min(k, pending[step.at].length);
              assert.equal(hex(got as Uint8Array), hex(pending[step.at].subarray(0, m)));
              taken(step.at, m);
            }
            break;
          }
          case 'recvNowait': {
            // Whatever has arrived so far: a prefix of what is on its way.
            const buf = new Uint8Array(step.n);
            const got = rn.readBytesAvailNowait(buf, inp[step.at]);
            if (rn.isEofObject(got)) assert.equal(pending[step.at].length, 0);
            else {
              assert.ok(got <= pending[step.at].length);
              assert.equal(hex(buf.subarray(0, got)), hex(pending[step.at].subarray(0, got)));
              taken(step.at, got);
            }
            break;
          }
          case 'peek': {
            const surely = closed[other(step.at)] ? pending[step.at].length : sure[step.at];
            if (step.skip + step.n > surely) break; // it could wait: not in this model
            const got = await rn.peekBytes(step.n, step.skip, inp[step.at]);
            const want = pending[step.at].subarray(step.skip, step.skip + step.n);
            if (step.n === 0) assert.equal(hex(got as Uint8Array), '');
            else assert.equal(hex(got as Uint8Array), hex(want));
            break;
          }
          case 'close':
            if (closed[step.side]) break;
            await rn.closeOutputPort(out[step.side]);
            closed[step.side] = true;
            sure[other(step.side)] = pending[other(step.side)].length;
            break;
        }
      }
      // Close what is still open; each side then reads exactly the rest, then EOF.
      for (const x of ['c', 's'] as const) if (!closed[x]) await rn.closeOutputPort(out[x]);
      const [restC, restS] = await Promise.all([rn.portToBytes(inp.c), rn.portToBytes(inp.s)]);
      assert.equal(hex(restC), hex(pending.c));
      assert.equal(hex(restS), hex(pending.s));
      rn.closeInputPort(inp.c);
      rn.closeInputPort(inp.s);
    }),
    { numRuns: scale(25, 300) },
  );
  recordFigures('model:tcp-pair', { operations: ops, bytesWritten: bytes, bytesLost: 0 });
});
