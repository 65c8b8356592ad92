/**
 * Smoke tests of the micro-benchmarks: every operation runs for a few milliseconds and must
 * report a positive rate and the data expected after the operations it counts (computed here,
 * independently of the operations' own checks); the same for the Racket CS programs when
 * `racket` is installed; and the driver must produce every row, the table and the JSON.
 */
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  MICRO_OPS,
  type MicroOpName,
  type OpMeasurement,
  RNET_OPS,
  bareAwait,
  bareAwaitInThread,
  measureRnet,
} from './ops.js';
import { formatMicroTable } from './report.js';
import { type MicroResults, microRacketFile, racketVersion, runMicro } from './run.js';

const TIMING = { ms: 15, warmupMs: 5 };
const line = (i: number): string => `line-${String(i % 64).padStart(10, '0')}`;

/** What operation `items - 1` must have produced (see `OpMeasurement.last`). */
function expectedLast(op: Exclude<MicroOpName, 'await'>, items: number): string | number {
  const i = items - 1;
  switch (op) {
    case 'read-line':
    case 'read-line-thread':
    case 'read-line-string':
      return line(i);
    case 'read-byte':
      return i % 256;
    case 'read-bytes':
      return (16 * i) % 256;
    case 'write-string-thread':
    case 'write-bytes':
      return 16 * items;
    case 'sema':
    case 'channel':
      return items;
  }
}

function checkMeasurement(what: string, m: OpMeasurement): void {
  assert.ok(m.value > 0 && Number.isFinite(m.value), `${what}: rate ${String(m.value)}`);
  assert.ok(m.count > 0 && m.count <= m.items, `${what}: count ${String(m.count)}`);
  assert.ok(m.ms > 0, `${what}: ms ${String(m.ms)}`);
  // The rate is the count over the time, both measured after the warm-up.
  assert.ok(Math.abs(m.value - (m.count * 1000) / m.ms) < 1e-6 * m.value, what);
}

test('every racket-net operation runs, at a positive rate, moving the right data', async () => {
  for (const op of MICRO_OPS) {
    if (op === 'await') continue;
    const m = await RNET_OPS[op](TIMING);
    checkMeasurement(op, m);
    assert.equal(m.items % 256, 0, `${op}: whole batches`);
    assert.equal(m.last, expectedLast(op, m.items), `${op}: the last data`);
  }
});

test('the ceiling: a bare await, on the main thread and in a thread', async () => {
  for (const m of [await bareAwait(TIMING), await bareAwaitInThread(TIMING)]) {
    checkMeasurement('await', m);
    assert.equal(m.last, m.items);
  }
  const report = await measureRnet('await', TIMING);
  for (const m of [report.op, report.main!, report.ceiling]) checkMeasurement('await', m);
  const sema = await measureRnet('sema', TIMING);
  checkMeasurement('sema', sema.op);
  checkMeasurement('sema ceiling', sema.ceiling);
  assert.equal(sema.main, undefined);
});

test('every Racket CS program runs, moving the same data', (t) => {
  const file = microRacketFile();
  if (racketVersion() === null || file === null) {
    t.skip('racket (or bench/micro.rkt) not found');
    return;
  }
  for (const op of MICRO_OPS) {
    if (op === 'await') continue;
    const r: SpawnSyncReturns<string> = spawnSync(
      'racket',
      [file, op, String(TIMING.ms), String(TIMING.warmupMs)],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 0, `${op}: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as OpMeasurement;
    checkMeasurement(`racket ${op}`, m);
    assert.equal(m.last, expectedLast(op, m.items), `racket ${op}: the last data`);
  }
});

test('the driver runs each implementation in child processes and writes the rows', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rnet-micro-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const haveRacket = racketVersion() !== null && microRacketFile() !== null;
  const jsonPath = join(dir, 'micro.json');
  const result = await runMicro({
    ops: ['sema', 'await'],
    impls: ['racket-net', 'racket'],
    ms: 10,
    warmupMs: 0,
    runs: 1,
    node: process.execPath,
    jsonPath,
    log: () => {},
  });
  assert.deepEqual(
    result.rows.map((r) => r.op),
    ['sema', 'await-fresh', 'await-main', 'await-thread'],
  );
  for (const r of result.rows) {
    assert.ok(r.racketNet !== null && r.racketNet > 0, `${r.op}: racket-net`);
    assert.ok(r.ceiling !== null && r.ceiling > 0, `${r.op}: ceiling`);
    assert.ok(r.vsCeiling !== null && r.vsCeiling > 0, `${r.op}: vs ceiling`);
    const racketRow = !r.op.startsWith('await') && haveRacket;
    assert.equal(r.racket !== null && r.racket > 0, racketRow, `${r.op}: Racket CS`);
    assert.equal(r.note, haveRacket || r.op.startsWith('await') ? undefined : r.note);
  }
  assert.equal(result.rows[1]!.vsCeiling, 1);
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as MicroResults;
  assert.deepEqual(json.rows, result.rows);
  const table = formatMicroTable(result.rows);
  assert.equal(table.split('\n').length, 2 + result.rows.length);
  assert.match(table, /^\| sema +\| +[\d,]+ \|/m);
});
