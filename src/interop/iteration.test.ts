/** Async iteration: `inLines` over a port, `inConnections` over a listener. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  closeInputPort,
  closeOutputPort,
  makePipe,
  readLine,
  tcpAddresses,
  tcpClose,
  tcpConnect,
  tcpListen,
  thread,
  threadWait,
  writeString,
} from '../index.js';
import { inBytesLines, inConnections, inLines } from './index.js';

test('inLines yields each line (any separator) until EOF', async () => {
  const [input, output] = makePipe();
  await writeString('one\ntwo\r\nthree\rfour', output);
  await closeOutputPort(output);
  const lines: string[] = [];
  for await (const line of inLines(input)) lines.push(line);
  assert.deepEqual(lines, ['one', 'two', 'three', 'four']);
});

test('inBytesLines yields bytes; leaving early leaves the rest in the port', async () => {
  const [input, output] = makePipe();
  await writeString('a\nb\nc\n', output);
  for await (const line of inBytesLines(input, 'linefeed')) {
    assert.deepEqual(line, new TextEncoder().encode('a'));
    break;
  }
  assert.equal(await readLine(input), 'b');
});

test('inConnections yields accepted connections and ends when the listener closes', async () => {
  const listener = await tcpListen(0, 4, true, '127.0.0.1');
  const [, port] = tcpAddresses(listener, true);
  const served: string[] = [];
  const server = thread(async () => {
    for await (const [input, output] of inConnections(listener)) {
      served.push(String(await readLine(input)));
      closeInputPort(input);
      await closeOutputPort(output);
      if (served.length === 2) tcpClose(listener);
    }
  });
  for (const word of ['x', 'y']) {
    const [input, output] = await tcpConnect('127.0.0.1', port);
    await writeString(`${word}\n`, output);
    await closeOutputPort(output);
    closeInputPort(input);
  }
  await threadWait(server);
  assert.deepEqual(served, ['x', 'y']);
});
