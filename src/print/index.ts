export { currentInputPort, currentOutputPort, currentErrorPort } from './current-ports.js';
export {
  display,
  write,
  print,
  displayln,
  writeln,
  println,
  fprintf,
  printf,
  eprintf,
  format,
} from './print.js';
export {
  withOutputToString,
  withOutputToBytes,
  callWithOutputString,
  callWithOutputBytes,
  withInputFromString,
} from './with-output.js';
