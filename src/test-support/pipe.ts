/** Pipes holding given bytes, for tests of reading. */
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { makePipe } from '../port/pipe.js';
import { closeOutputPort } from '../port/any-port.js';
import { writeBytes } from '../port/write.js';
import { bytes } from './bytes.js';

/** A pipe holding `data` (a string is one byte a character), its writer closed unless `close` is false. */
export async function pipeWith(
  data: Uint8Array | string,
  close = true,
): Promise<[InputPort, OutputPort]> {
  const [i, o] = makePipe();
  await writeBytes(typeof data === 'string' ? bytes(data) : data, o);
  if (close) await closeOutputPort(o);
  return [i, o];
}
