export { eof, isEofObject, type EofObject } from './eof.js';
export { InputPort, isInputPort, type InputSource, type LineMode } from './input-port.js';
export { OutputPort, isOutputPort, type OutputSink, type OutputBufferMode } from './output-port.js';
export {
  readByte,
  peekByte,
  readBytes,
  peekBytes,
  readBytesInto,
  peekBytesInto,
  readBytesAvail,
  readBytesAvailEnableBreak,
  readBytesAvailNowait,
  peekBytesAvail,
  peekBytesAvailNowait,
  isByteReady,
} from './read.js';
export {
  readChar,
  peekChar,
  readString,
  peekString,
  readStringInto,
  readLine,
  readBytesLine,
  isCharReady,
} from './read-chars.js';
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
  readBytesIntoEvt,
  peekBytesIntoEvt,
  peekBytesAvailEvt,
  eofEvt,
  writeBytesAvailEvt,
} from './port-evts.js';
export { readStringEvt, readStringIntoEvt, peekStringEvt, readBytesLineEvt } from './char-evts.js';
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
export { portToBytes, portToString, copyPort, portToLines, portToBytesLines } from './port-lib.js';
export { makeInputPort, type ReadIn, type ReadInResult, type Peek } from './make-input-port.js';
export { makeOutputPort, type WriteOut } from './custom-output-port.js';
export { makeLimitedInputPort } from './limited-input-port.js';
export { inputPortAppend } from './input-port-append.js';
export {
  openInputBytes,
  openInputString,
  openOutputBytes,
  openOutputString,
  getOutputBytes,
  getOutputString,
} from './string-port.js';
export {
  portCountLines,
  portNextLocation,
  portProgressEvt,
  portCommitPeeked,
  isProgressEvt,
  ProgressEvt,
} from './progress-fns.js';
