export { eof, isEofObject, type EofObject } from './eof.js';
export { InputPort, isInputPort, type InputSource, type LineMode } from './input-port.js';
export { OutputPort, isOutputPort, type OutputSink, type OutputBufferMode } from './output-port.js';
export {
  readByte,
  peekByte,
  readChar,
  peekChar,
  readBytes,
  peekBytes,
  readBytesInto,
  peekBytesInto,
  readBytesAvail,
  readBytesAvailEnableBreak,
  readBytesAvailNowait,
  peekBytesAvail,
  peekBytesAvailNowait,
  readString,
  readLine,
  readBytesLine,
  isByteReady,
  isCharReady,
} from './read.js';
export {
  writeByte,
  writeChar,
  writeBytes,
  writeString,
  newline,
  writeBytesAvail,
  writeBytesAvailNowait,
  flushOutput,
} from './write.js';
export {
  readBytesEvt,
  readBytesAvailEvt,
  readLineEvt,
  peekBytesEvt,
  eofEvt,
  writeBytesAvailEvt,
} from './port-evts.js';
export {
  type Port,
  type BufferMode,
  isPort,
  closeInputPort,
  closeOutputPort,
  isPortClosed,
  portClosedEvt,
  fileStreamBufferMode,
} from './any-port.js';
export { makePipe } from './pipe.js';
export { portToBytes, portToString, copyPort } from './port-lib.js';
