/**
 * TLS bad input under a soak (`child-tls.ts`): an SSL listener keeps serving good clients while
 * plaintext, garbage, a truncated ClientHello, a stalled client, and clients that refuse the
 * server's certificate (OpenSSL with an alert, racket-net and raw `node:tls` after their
 * handshake) hit it. Each bad client fails exactly one accept with `ssl-accept: accept failed
 * (…)`; afterwards sockets, handles, custodian bookkeeping and the heap are back at baseline.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertCleanExit, recordFigures, runScript, scale } from './support.js';
import { execFileSync } from 'node:child_process';

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('TLS bad input: the listener keeps serving, each bad client fails one accept, nothing leaks', async (t) => {
  const kinds = [
    'plaintext',
    'garbage',
    'truncated',
    'stall',
    'refuse',
    'node-refuse',
    'node-untrusted',
  ];
  if (haveOpenssl()) kinds.push('wrong-name');
  else
    t.diagnostic(
      'openssl is not installed: its wrong-name client is skipped (apt-get install openssl)',
    );
  const [iterations, seconds] = scale([8 * kinds.length, 10], [10_000_000, 60]);
  const run = await runScript('child-tls', [String(iterations), String(seconds), kinds.join(',')], {
    nodeFlags: ['--expose-gc'],
    timeoutMs: (seconds + 30) * 1000,
  });
  assertCleanExit(run);
  const r = run.result;
  const detail = JSON.stringify(r);
  assert.deepEqual(r.unexpected, [], detail);
  assert.equal(r.counted, true, detail);
  assert.equal(r.served, r.goodClients, detail);
  assert.equal(r.refused, r.badClients, detail);
  assert.ok((r.iterations as number) >= kinds.length, detail);
  // Every kind shows its own reason (OpenSSL's, or Racket's "input terminated prematurely").
  const reasons = Object.keys(r.reasons as Record<string, number>);
  for (const reason of [
    'error:0A00009C:SSL routines::http request',
    'error:0A0000F4:SSL routines::unexpected message',
    'input terminated prematurely',
  ]) {
    assert.ok(reasons.includes(reason), detail);
  }
  if (kinds.includes('wrong-name')) {
    // OpenSSL 3.0 (Node 20) says `sslv3 alert`, 3.2 and later (Node 22+) `ssl/tls alert`.
    const badCertificate = /^error:0A000412:SSL routines::(sslv3|ssl\/tls) alert bad certificate$/;
    assert.ok(
      reasons.some((reason) => badCertificate.test(reason)),
      detail,
    );
  }
  assert.equal(r.socketsLeaked, 0, detail);
  assert.equal(r.handlesLeaked, 0, detail);
  assert.equal(r.managedListGrowth, 0, detail);
  assert.ok((r.heapGrowth as number) < 2 * 1024 * 1024, detail);
  recordFigures('tls:bad-input-soak', r);
});
