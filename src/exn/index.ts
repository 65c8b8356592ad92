export * from './exn.js';
export { formatValue, racketPrint, type RacketPrintable } from './print.js';
