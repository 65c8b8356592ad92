/** Bridges between racket-net and the rest of JavaScript: abort signals, streams, iteration. */
export { breakOnAbort, callWithAbortSignal } from './break-on-abort.js';
export { inLines, inBytesLines } from './in-lines.js';
export { inConnections } from './in-connections.js';
export { nodeReadableToInputPort, type StreamPortOptions } from './node-readable-to-input-port.js';
export {
  nodeWritableToOutputPort,
  type OutputStreamPortOptions,
} from './node-writable-to-output-port.js';
export { inputPortToNodeReadable } from './input-port-to-node-readable.js';
export { outputPortToNodeWritable } from './output-port-to-node-writable.js';
export { readableStreamToInputPort } from './readable-stream-to-input-port.js';
export { writableStreamToOutputPort } from './writable-stream-to-output-port.js';
export { inputPortToReadableStream } from './input-port-to-readable-stream.js';
export { outputPortToWritableStream } from './output-port-to-writable-stream.js';
