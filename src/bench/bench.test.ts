/**
 * A small run of every benchmark workload (racket-net, raw Node, and Racket CS when installed):
 * each must do all of its work (bytes, round trips, connections counted). No timing is checked.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SMALL_SIZES, WORKLOADS } from './config.js';
import { type BenchResults, formatTable } from './report.js';
import { racketVersion, runBench } from './run.js';
import { loadUdpApi } from './udp-workloads.js';

test('every workload runs at a small size, in every implementation', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rnet-bench-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const haveRacket = racketVersion() !== null;
  if (!haveRacket) t.diagnostic('racket is not on PATH: the Racket CS programs are skipped');
  const udpReady = (await loadUdpApi()) !== null;
  const result = await runBench({
    sizes: SMALL_SIZES,
    runs: 1,
    impls: ['racket-net', 'node', 'racket'],
    workloads: WORKLOADS,
    outDir: dir,
    docsDir: dir,
    nodeArgs: [],
    log: () => {},
  });
  for (const w of result.workloads) {
    for (const impl of ['racket-net', 'node', 'racket'] as const) {
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
      assert.equal(r.status, 'ok', `${w.name}/${impl}: ${r.note ?? ''}`);
      const expected = WORKLOADS.find((x) => x.name === w.name)!.expectedCount(SMALL_SIZES);
      assert.deepEqual(
        r.runs.map((m) => m.count),
        [expected],
        `${w.name}/${impl}`,
      );
    }
  }
  const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchResults;
  assert.equal(json.workloads.length, WORKLOADS.length);
  assert.ok(existsSync(join(dir, 'chart.svg')));
  assert.match(readFileSync(join(dir, 'chart.svg'), 'utf8'), /^<svg [^]*<\/svg>\n$/);
  assert.match(formatTable(result.workloads), /TCP bulk/);
});
