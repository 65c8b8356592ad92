/**
 * SSL ports are ordinary ports: racket-net ↔ racket-net over loopback (bulk copy, lines,
 * peeks, events), their names and buffer modes, how they close, addresses, abandon,
 * custodians.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { ExnFail, ExnFailContract, ExnFailNetwork } from '../exn/exn.js';
import { currentCustodian, custodianShutdownAll, makeCustodian } from '../custodian/custodian.js';
import { parameterize } from '../parameter/parameter.js';
import { syncTimeout } from '../evt/sync.js';
import {
  closeInputPort,
  closeOutputPort,
  fileStreamBufferMode,
  isPortClosed,
} from '../port/any-port.js';
import { isEofObject } from '../port/eof.js';
import { copyPort, portToBytes } from '../port/port-lib.js';
import { peekBytes, readBytes, readLine } from '../port/read.js';
import { writeBytes, writeString } from '../port/write.js';
import { makePipe } from '../port/pipe.js';
import { bytes } from '../test-support/bytes.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { sslListenLoopback, sslPair, trustingClient } from '../test-support/ssl.js';
import { tcpConnect } from '../tcp/connect.js';
import {
  isSslPort,
  sslAbandonPort,
  sslAccept,
  sslAddresses,
  sslClose,
  sslConnect,
  sslPeerCheckHostname,
  sslProtocolVersion,
} from './index.js';

useTestCustodian(after);
const T = { timeout: 10_000 };

describe('SSL ports', () => {
  it('carry 8 MB both ways through copyPort, bytes in = bytes out', T, async () => {
    const { listener, ci, co, si, so } = await sslPair();
    const data = randomBytes(8 * 1024 * 1024);
    const digest = createHash('sha256').update(data).digest('hex');
    // The server echoes everything back with copyPort; the client writes and reads at once.
    const echo = (async () => {
      await copyPort(si, so);
      closeInputPort(si);
      await closeOutputPort(so);
    })();
    const writing = (async () => {
      for (let off = 0; off < data.length; off += 100_000) {
        await writeBytes(data.subarray(off, Math.min(off + 100_000, data.length)), co);
      }
      // Closing the output port alone sends nothing: shut down TLS with shutdownOnClose, or,
      // as here, tell the peer the length first. We close after reading it all back.
    })();
    const back = await readBytes(data.length, ci);
    await writing;
    assert.ok(back instanceof Uint8Array);
    assert.equal(createHash('sha256').update(back).digest('hex'), digest);
    closeInputPort(ci);
    await closeOutputPort(co);
    await echo; // the client's close_notify ended the server's copy
    sslClose(listener);
  });

  it('read-line, peek, evts; names, buffer modes; ssl-port? after close', T, async () => {
    const { listener, ci, co, si, so } = await sslPair();
    assert.equal(ci.name, 'SSL localhost');
    assert.equal(si.name, 'SSL tcp-accepted');
    assert.equal(fileStreamBufferMode(ci), false);
    assert.equal(fileStreamBufferMode(co), 'block');
    fileStreamBufferMode(co, 'line');
    assert.equal(fileStreamBufferMode(co), 'line');
    fileStreamBufferMode(co, 'block');
    // Written through without a flush.
    await writeString('first line\r\nsecond', co);
    assert.deepEqual(await peekBytes(5, 0, si), bytes('first'));
    assert.equal(await readLine(si, 'return-linefeed'), 'first line');
    assert.equal(await syncTimeout(0.05, si), si, 'ready: bytes are buffered');
    assert.deepEqual(await readBytes(6, si), bytes('second'));
    assert.equal(await syncTimeout(0.05, si), false, 'nothing more yet');
    assert.equal(sslProtocolVersion(so), 'tls13');
    assert.equal(sslPeerCheckHostname(ci, 'localhost'), true);
    assert.equal(sslPeerCheckHostname(ci, 'example.com'), false);
    for (const p of [ci, si]) closeInputPort(p);
    await Promise.all([closeOutputPort(co), closeOutputPort(so)]);
    assert.ok(isSslPort(ci) && isSslPort(so));
    assert.equal(sslProtocolVersion(ci), 'tls13', 'answered after close');
    sslClose(listener);
  });

  it('closing one port sends nothing; both closed ends TLS cleanly (EOF)', T, async () => {
    const { listener, ci, co, si, so } = await sslPair();
    await closeOutputPort(co);
    // The server sees no EOF: the client still reads.
    assert.equal(await syncTimeout(0.2, si), false);
    await writeString('still here\n', so);
    assert.equal(await readLine(ci), 'still here');
    closeInputPort(ci);
    // Both closed: close_notify, then FIN; the server reads EOF, not an error.
    assert.ok(isEofObject(await readBytes(1, si)));
    closeInputPort(si);
    await closeOutputPort(so);
    sslClose(listener);
  });

  it('sslAddresses on ports and listeners; errors', T, async () => {
    const { listener, port, ci, co, si, so } = await sslPair();
    const [la, lp, ra, rp] = sslAddresses(ci, true);
    assert.deepEqual([la, ra, rp], ['127.0.0.1', '127.0.0.1', port]);
    assert.deepEqual(sslAddresses(so), ['127.0.0.1', '127.0.0.1']);
    assert.equal(sslAddresses(si, true)[3], lp);
    assert.deepEqual(sslAddresses(listener, true).slice(0, 2), ['127.0.0.1', port]);
    assert.throws(() => sslAddresses(42), ExnFailContract);
    const [tcpIn, tcpOut] = await tcpConnect('127.0.0.1', port);
    assert.throws(
      () => sslAddresses(tcpIn),
      (e: unknown) =>
        e instanceof ExnFailContract &&
        /expected: \(or\/c ssl-listener\? ssl-port\?\)/.test((e as Error).message),
    );
    closeInputPort(tcpIn);
    await closeOutputPort(tcpOut);
    for (const p of [ci, si]) closeInputPort(p);
    await Promise.all([closeOutputPort(co), closeOutputPort(so)]);
    assert.throws(() => sslAddresses(ci), ExnFailNetwork);
    sslClose(listener);
  });

  it(
    'sslAbandonPort closes without close_notify: the peer reads an SSL error or EOF',
    T,
    async () => {
      const { listener, ci, co, si, so } = await sslPair();
      closeInputPort(ci);
      await sslAbandonPort(co);
      // The TCP connection ends without close_notify: Node treats it as EOF (OpenSSL 3 in
      // Racket raises "unexpected eof while reading").
      const r = await readBytes(1, si).catch((e: unknown) => e);
      assert.ok(isEofObject(r) || r instanceof ExnFailNetwork, String(r));
      await assert.rejects(sslAbandonPort(makePipe()[0] as never), ExnFailContract);
      closeInputPort(si);
      await closeOutputPort(so);
      sslClose(listener);
    },
  );

  it('a custodian shutdown closes SSL ports: the peer sees the connection end', T, async () => {
    const custodian = makeCustodian(currentCustodian());
    const [listener, port] = await sslListenLoopback();
    const [[si, so], [ci, co]] = await Promise.all([
      sslAccept(listener),
      parameterize(currentCustodian, custodian, () =>
        sslConnect('localhost', port, trustingClient()),
      ),
    ]);
    await writeString('x', co);
    assert.deepEqual(await readBytes(1, si), bytes('x'));
    custodianShutdownAll(custodian);
    assert.ok(isPortClosed(ci));
    await assert.rejects(writeString('y', co), ExnFail);
    // Aborted: destroyed at once, without close_notify (a reset if bytes were unread), as TCP.
    const r = await portToBytes(si).catch((e: unknown) => e);
    assert.ok(
      (r instanceof Uint8Array && r.length === 0) || r instanceof ExnFailNetwork,
      String(r),
    );
    closeInputPort(si);
    await closeOutputPort(so);
    sslClose(listener);
  });
});
