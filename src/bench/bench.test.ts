/**
 * A small run of the benchmark's workloads (racket-net, raw Node, and Racket CS when installed):
 * each must do all of its work (bytes, round trips, connections counted; a server workload must
 * serve requests without errors). No timing is checked. Of the wrk rows only the pipelined ones
 * run here (wrk runs for a whole second); they are skipped when wrk is not installed.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IMPLS, SMALL_SIZES, WORKLOADS } from './config.js';
import { type BenchResults, formatServerTable, formatTable } from './report.js';
import { racketVersion, runBench, selectWorkloads } from './run.js';
import { loadUdpApi } from './udp-workloads.js';
import { WRK_INSTALL, wrkVersion } from './wrk.js';

test('the workloads run at a small size, in every implementation', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rnet-bench-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const haveRacket = racketVersion() !== null;
  if (!haveRacket) t.diagnostic('racket is not on PATH: the Racket CS programs are skipped');
  const haveWrk = wrkVersion() !== null;
  if (!haveWrk) t.diagnostic(`wrk is not on PATH: the HTTP rows are skipped (${WRK_INSTALL})`);
  t.diagnostic('not run here (wrk runs 1 s each): http-keepalive*, http-many*');
  const udpReady = (await loadUdpApi()) !== null;
  const workloads = WORKLOADS.filter(
    (w) => w.server?.load(SMALL_SIZES).client !== 'wrk' || w.name.startsWith('http-pipelined'),
  );
  const result = await runBench({
    sizes: SMALL_SIZES,
    runs: 1,
    impls: IMPLS,
    workloads,
    outDir: dir,
    docsDir: dir,
    nodeArgs: [],
    log: () => {},
  });
  for (const w of result.workloads) {
    const info = WORKLOADS.find((x) => x.name === w.name)!;
    for (const impl of IMPLS) {
      const r = w.results[impl];
      assert.ok(r !== undefined, `${w.name}/${impl}: no result`);
      if (impl === 'racket' && !haveRacket) {
        assert.equal(r.status, 'skipped');
        continue;
      }
      if (impl === 'racket-net' && w.name === 'udp-pingpong' && !udpReady) {
        assert.equal(r.status, 'pending');
        continue;
      }
      if (!haveWrk && info.server?.protocol === 'http') {
        assert.equal(r.status, 'skipped');
        continue;
      }
      assert.equal(r.status, 'ok', `${w.name}/${impl}: ${r.note ?? ''}`);
      assert.match(r.runtime ?? '', impl === 'racket' ? /^Racket \d/ : /^Node v\d/);
      const expected = info.expectedCount(SMALL_SIZES);
      if (expected !== null) {
        assert.deepEqual(
          r.runs.map((m) => m.count),
          [expected],
          `${w.name}/${impl}`,
        );
      } else {
        const [m] = r.runs;
        assert.ok(m !== undefined && m.count > 0, `${w.name}/${impl}: served nothing`);
        assert.equal(m.errors, 0, `${w.name}/${impl}: socket errors`);
        assert.ok((m.timeouts ?? 0) === 0, `${w.name}/${impl}: timeouts`);
      }
    }
  }
  const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchResults;
  assert.equal(json.workloads.length, workloads.length);
  assert.ok(existsSync(join(dir, 'chart.svg')));
  assert.match(readFileSync(join(dir, 'chart.svg'), 'utf8'), /^<svg [^]*<\/svg>\n$/);
  assert.match(formatTable(result.workloads), /TCP bulk, no threads/);
  assert.match(formatServerTable(result.workloads), /Length-prefixed, pipelined/);
});

test('--only selects workloads by name, * matching any text', () => {
  assert.deepEqual(
    selectWorkloads(['tcp-bulk*']).map((w) => w.name),
    ['tcp-bulk', 'tcp-bulk-both-threads', 'tcp-bulk-reader-thread', 'tcp-bulk-no-threads'],
  );
  assert.deepEqual(
    selectWorkloads(['lp-lockstep', 'memory']).map((w) => w.name),
    ['memory', 'lp-lockstep'],
  );
  assert.throws(() => selectWorkloads(['nope']), /matches no workload/);
});
