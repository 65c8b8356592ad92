/**
 * Disposal (`using`, `await using`) of ports, TCP listeners, UDP sockets and custodians: the
 * TypeScript target (ES2022) lowers `await using`, so these are real `await using` blocks.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type InputPort,
  closeOutputPort,
  currentCustodian,
  isCustodianShutDown,
  isPortClosed,
  makeCustodian,
  makePipe,
  parameterize,
  readBytes,
  tcpAccept,
  tcpConnect,
  tcpListen,
  tcpAddresses,
  udpOpenSocket,
  udpSend,
  writeString,
} from '../index.js';

describe('disposal', { timeout: 10_000 }, () => {
  it('the symbols are the runtime’s own', () => {
    // Node 20 and 22 define them as `Symbol.for('nodejs.…')`; V8 defines its own well-known
    // symbols from Node 24. Either way the shim leaves them as the runtime made them.
    const [dispose, asyncDispose] = [Symbol.dispose, Symbol.asyncDispose];
    assert.equal(typeof dispose, 'symbol');
    assert.equal(typeof asyncDispose, 'symbol');
    const native = !String(asyncDispose).includes('nodejs.');
    assert.equal(asyncDispose === Symbol.for('nodejs.asyncDispose'), !native);
    assert.equal(dispose === Symbol.for('nodejs.dispose'), !native);
  });

  it('await using closes an output port after flushing it, and an input port', async () => {
    const [i, o] = makePipe();
    {
      await using out = o;
      await writeString('bye', out);
    }
    assert.equal(isPortClosed(o), true);
    assert.equal(new TextDecoder().decode((await readBytes(10, i)) as Uint8Array), 'bye');
    {
      using inp = i;
      assert.equal(isPortClosed(inp), false);
    }
    assert.equal(isPortClosed(i), true);
    // Disposing of a closed port is fine.
    await o[Symbol.asyncDispose]();
    i[Symbol.dispose]();
  });

  it('a TCP connection and listener end with their scope', async () => {
    let port = 0;
    let clientIn: InputPort;
    {
      await using listener = await tcpListen(0, 4, true, '127.0.0.1');
      port = tcpAddresses(listener, true)[1];
      const [ci, co] = await tcpConnect('127.0.0.1', port);
      clientIn = ci;
      await using _co = co;
      const [si, so] = await tcpAccept(listener);
      await using serverOut = so;
      using serverIn = si;
      await writeString('hi', serverOut);
      await closeOutputPort(serverOut);
      assert.equal(isPortClosed(serverIn), false);
    }
    assert.equal(new TextDecoder().decode((await readBytes(10, clientIn)) as Uint8Array), 'hi');
    await assert.rejects(tcpConnect('127.0.0.1', port), /connection failed|refused/i);
    clientIn[Symbol.dispose]();
  });

  it('a UDP socket and a custodian', async () => {
    let sock;
    {
      using u = await udpOpenSocket();
      sock = u;
    }
    await assert.rejects(udpSend(sock, new Uint8Array(1)), /closed/);
    const c = makeCustodian();
    let listener;
    {
      await using cust = c;
      listener = await parameterize(currentCustodian, cust, () =>
        tcpListen(0, 4, true, '127.0.0.1'),
      );
    }
    assert.equal(isCustodianShutDown(c), true);
    assert.throws(() => tcpAddresses(listener), /closed/);
    // The same through `using`: a shutdown never waits.
    const c2 = makeCustodian();
    {
      using _c = c2;
    }
    assert.equal(isCustodianShutDown(c2), true);
  });
});
