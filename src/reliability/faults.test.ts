/**
 * Faults: each scenario of `child-faults.ts` runs in its own process, which must exit by itself
 * with status 0 and nothing unhandled on stderr; the scenario itself asserts the exception each
 * fault surfaces as, and that a bystander connection is not disturbed. Then file descriptors
 * run out (`child-emfile.ts` under `ulimit -n 128`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertCleanExit, recordFigures, runScript, scale } from './support.js';

const scenarios: readonly [string, string[]][] = [
  ['reset-mid-transfer', []],
  ['read-from-reset', []],
  ['peer-sigkill', []],
  ['peer-half-close', []],
  ['write-after-peer-gone', []],
  ['dns-failure', []],
  ['custodian-shutdown', [String(scale(300, 2000))]],
];

for (const [name, args] of scenarios) {
  test(`fault: ${name} surfaces as an exception, nothing crashes`, async () => {
    const run = await runScript('child-faults', [name, ...args], {
      ulimit: name === 'custodian-shutdown' ? 20000 : undefined,
      timeoutMs: scale(20_000, 120_000),
    });
    assertCleanExit(run);
    recordFigures(`fault:${name}`, run.result);
  });
}

test('fault: accept and connect without file descriptors (ulimit -n 128)', async () => {
  // 128, not fewer: Node's ESM loader reads the package's ~210 modules concurrently at import,
  // which takes about 100 descriptors (80 fail with EMFILE before the child starts).
  const run = await runScript('child-emfile', [], { ulimit: 128, timeoutMs: 30_000 });
  assertCleanExit(run);
  const r = run.result as {
    connected: number;
    connectError: { class: string; errno: [number, string] | null } | null;
    outsiderOutcomes: string[];
    acceptErrors: string[];
    servedAfter: number;
    tried: number;
  };
  const detail = JSON.stringify(r);
  // Our own connect raises a clear EMFILE ("Too many open files; errno=24").
  assert.equal(r.connectError?.class, 'ExnFailNetworkErrno', detail);
  assert.deepEqual(r.connectError?.errno, [24, 'posix'], detail);
  // Clients the listener cannot accept are accepted and closed at once by libuv (its reserve
  // descriptor trick): they see EOF; Node reports nothing, so the listener raises nothing.
  assert.ok(r.outsiderOutcomes.includes('closed'), detail);
  assert.deepEqual(r.acceptErrors, [], detail);
  // Once descriptors are free again, the same listener serves every new client.
  assert.equal(r.servedAfter, r.tried, detail);
  recordFigures('fault:emfile', r);
});
