/** String ports: reads from buffered bytes, writes that land at once, get-output-bytes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeInputPort,
  closeOutputPort,
  copyPort,
  eof,
  fileStreamBufferMode,
  flushOutput,
  format,
  getOutputBytes,
  getOutputString,
  isInputPort,
  isOutputPort,
  openInputBytes,
  openInputString,
  openOutputBytes,
  openOutputString,
  peekBytes,
  readBytes,
  readBytesAvailNowait,
  readChar,
  readLine,
  readLineEvt,
  sync,
  writeBytes,
  writeString,
} from '../index.js';
import { assertContractErrors } from '../test-support/exn-assert.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('input string ports', () => {
  it('read what they were given, then EOF, every time', async () => {
    const inp = openInputString('GET / HTTP/1.0\r\nHost: x\r\n\r\nbody');
    assert.equal(await readLine(inp, 'return-linefeed'), 'GET / HTTP/1.0');
    assert.equal(await readLine(inp, 'return-linefeed'), 'Host: x');
    assert.equal(await readLine(inp, 'return-linefeed'), '');
    assert.deepEqual(await peekBytes(2, 0, inp), bytes('bo'));
    assert.equal(await readLine(inp), 'body');
    assert.equal(await readLine(inp), eof);
    assert.equal(await readChar(inp), eof);
    assert.equal(readBytesAvailNowait(new Uint8Array(4), inp), eof);
  });

  it('copy their bytes, decode UTF-8, and print with their name', async () => {
    const source = bytes('λx');
    const inp = openInputBytes(source);
    source[0] = 0;
    assert.equal(await readChar(inp), 'λ');
    assert.equal(
      format('~a', openInputBytes(new Uint8Array(0), 'datagram')),
      '#<input-port:datagram>',
    );
    assert.equal(await readBytes(3, openInputBytes(new Uint8Array(0))), eof);
    assert.ok(isInputPort(inp));
    assert.equal(fileStreamBufferMode(inp), false);
    assert.equal(await sync(readLineEvt(openInputString('a\nb'))), 'a');
    // A lone surrogate is encoded as U+FFFD, as every string written to a port.
    assert.equal(await readLine(openInputString('\uD800!')), '\uFFFD!');
  });

  it('are ports like any other: copyPort, close', async () => {
    const out = openOutputBytes();
    await copyPort(openInputString('abc'), out);
    assert.equal(getOutputString(out), 'abc');
    const inp = openInputString('x');
    closeInputPort(inp);
    await assert.rejects(readChar(inp), /read-char: input port is closed/);
  });
});

describe('output string ports', () => {
  it('hold what was written at once, with no buffer to flush', async () => {
    const out = openOutputString();
    assert.ok(isOutputPort(out));
    assert.equal(fileStreamBufferMode(out), false);
    void writeString('héllo', out);
    assert.equal(getOutputString(out), 'héllo');
    void writeBytes(new Uint8Array([0xff]), out);
    assert.equal(getOutputString(out), 'héllo\uFFFD');
    assert.deepEqual(getOutputBytes(out), new Uint8Array([...bytes('héllo'), 0xff]));
    await flushOutput(out);
  });

  it('getOutputBytes takes a range and resets; a closed port keeps its content', async () => {
    const out = openOutputBytes('mine');
    await writeString('hello', out);
    assert.deepEqual(getOutputBytes(out, false, 1, 3), bytes('el'));
    assert.deepEqual(getOutputBytes(out, false, 3), bytes('lo'));
    assert.deepEqual(getOutputBytes(out, false, 5, false), new Uint8Array(0));
    assert.deepEqual(getOutputBytes(out, true, 1, 3), bytes('el'));
    assert.equal(getOutputString(out), '');
    await writeString('again', out);
    await closeOutputPort(out);
    assert.equal(getOutputString(out), 'again');
    await assert.rejects(writeString('x', out), /write-string: output port is closed/);
  });

  it('grow to hold large writes in order', async () => {
    const out = openOutputBytes();
    const chunk = new Uint8Array(100_000).fill(7);
    for (let i = 0; i < 20; i++) await writeBytes(chunk, out);
    await writeString('end', out);
    const all = getOutputBytes(out);
    assert.equal(all.length, 2_000_003);
    assert.equal(new TextDecoder().decode(all.subarray(-3)), 'end');
    assert.ok(all.subarray(0, 2_000_000).every((b) => b === 7));
  });

  it('check their arguments as Racket does', async () => {
    const out = openOutputString();
    await assertContractErrors([
      [
        () => openInputBytes('x' as never),
        /open-input-bytes: contract violation\n {2}expected: bytes\?/,
      ],
      [
        () => openInputString(5 as never),
        /open-input-string: contract violation\n {2}expected: string\?/,
      ],
      [() => openInputString('x', 5 as never), /expected: string\?\n {2}given: 5/],
      [() => openOutputBytes(5 as never), /open-output-bytes: contract violation/],
      [
        () => getOutputBytes(openInputString('') as never),
        /\(and\/c output-port\? string-port\?\)/,
      ],
      [() => getOutputString({} as never), /get-output-string: contract violation/],
      [() => getOutputBytes(out, false, -1), /expected: exact-nonnegative-integer\?/],
      [
        () => getOutputBytes(out, false, 0, 1.5),
        /expected: \(or\/c exact-nonnegative-integer\? #f\)/,
      ],
      [
        () => getOutputBytes(out, false, 1),
        /starting index is out of range\n {2}starting index: 1\n {2}valid range: \[0, 0\]\n {2}port content: #<output-port:string>/,
      ],
    ]);
  });
});
