/**
 * Racket's printing functions: `display`, `write`, `print` (and their `ln` forms), `fprintf`,
 * `printf`, `eprintf`, `format`. Each prints the whole value or form first, then hands the port
 * one write: a form with a bad directive or argument has written nothing (as in Racket, whose
 * first pass checks the form), and a write waits, breaks and fails as any write does.
 */
import { Printed, type PrintMode, printValue } from '../exn/print.js';
import { check, contractError, DONE } from '../exn/raise.js';
import { isOutputPort, type OutputPort } from '../port/output-port.js';
import { currentErrorPort, currentOutputPort } from './current-ports.js';
import { positionError } from './errors.js';
import { bytesOf, decodeWithQuestionMarks, printForm, textOf } from './format.js';

const isString = (v: unknown): v is string => typeof v === 'string';

/** Hands `out` what was printed, in one write; nothing at all when nothing was printed. */
function emit(out: OutputPort, printed: Printed): Promise<void> {
  if (printed.length === 0) return DONE;
  const who = printed.firstWho ?? 'write-string';
  try {
    let done: Promise<number> | number;
    if (printed.isText) done = out.writeString(who, (printed.parts as string[]).join(''));
    else {
      const bytes = bytesOf(printed);
      done = out.write(who, bytes, 0, bytes.length);
    }
    return typeof done === 'number' ? DONE : done.then(() => undefined);
  } catch (error) {
    return Promise.reject(error);
  }
}

function emitText(out: OutputPort, text: string): Promise<void> {
  if (text.length === 0) return DONE;
  try {
    const done = out.writeString('write-string', text);
    return typeof done === 'number' ? DONE : done.then(() => undefined);
  } catch (error) {
    return Promise.reject(error);
  }
}

function checkOut(who: string, out: unknown, v: unknown, position: boolean): OutputPort {
  if (out === undefined) return currentOutputPort();
  if (isOutputPort(out)) return out;
  if (!position) throw contractError(who, 'output-port?', out);
  // `displayln` and the like are not primitives: Racket's message names the argument.
  throw positionError(who, 'output-port?', who === 'println' ? [v, out, 0] : [v, out], 1);
}

function printTo(
  who: string,
  v: unknown,
  out: unknown,
  mode: PrintMode,
  ln: boolean,
): Promise<void> {
  let port: OutputPort;
  try {
    port = checkOut(who, out, v, ln);
  } catch (error) {
    return Promise.reject(error);
  }
  // The common case, a string displayed, is one `writeString`.
  if (mode === 'display' && typeof v === 'string') return emitText(port, ln ? v + '\n' : v);
  const printed = new Printed();
  printValue(v, mode, printed);
  if (ln) printed.text('\n');
  return emit(port, printed);
}

/**
 * Writes `v` to `out` for people to read (Racket: `display`): strings and byte strings as their
 * content, arrays as lists of displayed elements (`(1 a)`), numbers, `#t`/`#f`, `#<void>`,
 * `#<eof>`, ports as `#<input-port:NAME>`. Resolves as a write of the same text does.
 *
 * @param out - default {@link currentOutputPort}`()`.
 * @throws {@link ExnFailContract} if `out` is not an output port (as a rejection).
 * @throws {@link ExnFail} if `out` is closed (as a rejection).
 * @example
 * ```ts
 * await display(['GET', 200, true], out); // (GET 200 #t)
 * ```
 */
export function display(v: unknown, out?: OutputPort): Promise<void> {
  return printTo('display', v, out, 'display', false);
}

/**
 * Writes `v` to `out` so that Racket's `read` gives it back (Racket: `write`): strings quoted
 * and escaped (`"a\nb"`), byte strings as `#"…"`, arrays as lists (`(1 "a")`).
 *
 * @param out - default {@link currentOutputPort}`()`.
 * @throws {@link ExnFailContract} if `out` is not an output port (as a rejection).
 * @throws {@link ExnFail} if `out` is closed (as a rejection).
 */
export function write(v: unknown, out?: OutputPort): Promise<void> {
  return printTo('write', v, out, 'write', false);
}

/**
 * Writes `v` to `out` as an expression that evaluates to it (Racket: `print`): as
 * {@link write}, but a list is quoted (`'(1 "a")`).
 *
 * @param out - default {@link currentOutputPort}`()`.
 * @throws {@link ExnFailContract} if `out` is not an output port (as a rejection).
 * @throws {@link ExnFail} if `out` is closed (as a rejection).
 */
export function print(v: unknown, out?: OutputPort): Promise<void> {
  return printTo('print', v, out, 'print', false);
}

/**
 * {@link display}, then a newline (Racket: `displayln`).
 *
 * @throws {@link ExnFailContract} if `out` is not an output port (as a rejection).
 * @throws {@link ExnFail} if `out` is closed (as a rejection).
 */
export function displayln(v: unknown, out?: OutputPort): Promise<void> {
  return printTo('displayln', v, out, 'display', true);
}

/**
 * {@link write}, then a newline (Racket: `writeln`).
 *
 * @throws {@link ExnFailContract} if `out` is not an output port (as a rejection).
 * @throws {@link ExnFail} if `out` is closed (as a rejection).
 */
export function writeln(v: unknown, out?: OutputPort): Promise<void> {
  return printTo('writeln', v, out, 'write', true);
}

/**
 * {@link print}, then a newline (Racket: `println`).
 *
 * @throws {@link ExnFailContract} if `out` is not an output port (as a rejection).
 * @throws {@link ExnFail} if `out` is closed (as a rejection).
 */
export function println(v: unknown, out?: OutputPort): Promise<void> {
  return printTo('println', v, out, 'print', true);
}

function printFormTo(
  who: string,
  out: OutputPort,
  form: string,
  vs: readonly unknown[],
): Promise<void> {
  try {
    check(who, isString, 'string?', form);
    const printed = new Printed();
    printForm(who, form, vs, printed);
    return emit(out, printed);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Writes `form` to `out` with each directive replaced (Racket: `fprintf`): `~a` displays the
 * next value, `~s` writes it, `~v` prints it, `~e` prints it as error messages do, `~c` a
 * character (a one-character string), `~b` `~o` `~x` an integer in binary, octal, hex, `~n`
 * or `~%` a newline, `~~` a tilde; `~` before whitespace skips it (through one line break).
 * Directives are case-insensitive; `~.a`, `~.s`, `~.v` cut the value to 256 characters.
 *
 * @throws {@link ExnFailContract} if `out` is not an output port, `form` not a string, a
 *   directive is unknown, the number of values is not the number of directives, or a value
 *   does not fit its directive, with Racket's messages; nothing is written then.
 * @throws {@link ExnFail} if `out` is closed. (All as rejections.)
 * @example
 * ```ts
 * await fprintf(out, 'HTTP/1.0 ~a ~a\r\n', 200, 'OK');
 * await fprintf(out, 'Content-Length: ~a\r\n\r\n', body.length);
 * ```
 */
export function fprintf(out: OutputPort, form: string, ...vs: unknown[]): Promise<void> {
  if (!isOutputPort(out)) return Promise.reject(contractError('fprintf', 'output-port?', out));
  return printFormTo('fprintf', out, form, vs);
}

/**
 * {@link fprintf} to {@link currentOutputPort}`()` (Racket: `printf`).
 *
 * @throws {@link ExnFailContract} as {@link fprintf} does (as a rejection).
 * @example
 * ```ts
 * await printf('~a connections, ~s\n', 3, 'ok'); // 3 connections, "ok"
 * ```
 */
export function printf(form: string, ...vs: unknown[]): Promise<void> {
  return printFormTo('printf', currentOutputPort(), form, vs);
}

/**
 * {@link fprintf} to {@link currentErrorPort}`()` (Racket: `eprintf`).
 *
 * @throws {@link ExnFailContract} as {@link fprintf} does (as a rejection).
 */
export function eprintf(form: string, ...vs: unknown[]): Promise<void> {
  return printFormTo('eprintf', currentErrorPort(), form, vs);
}

/**
 * The text {@link fprintf} would write for `form` and `vs`, returned at once (Racket:
 * `format`). Displayed byte strings are decoded from UTF-8 as Racket decodes them.
 *
 * @throws {@link ExnFailContract} if `form` is not a string, a directive is unknown, the number
 *   of values is not the number of directives, or a value does not fit its directive, with
 *   Racket's messages (`format: format string requires 1 arguments, given 0`).
 * @example
 * ```ts
 * format('~a: ~s', 'name', 'Ada'); // 'name: "Ada"'
 * format('~x', 255); // 'ff'
 * format('~v', [1, 'a']); // `'(1 "a")`
 * ```
 */
export function format(form: string, ...vs: unknown[]): string {
  check('format', isString, 'string?', form);
  // Racket CS's shortcut for `(format "~a" bstr)` decodes with `?` for each bad byte.
  if ((form === '~a' || form === '~A') && vs.length === 1 && vs[0] instanceof Uint8Array) {
    return decodeWithQuestionMarks(vs[0]);
  }
  const printed = new Printed();
  printForm('format', form, vs, printed);
  return textOf(printed);
}
