/**
 * Racket's format strings (`format`, `printf`, `fprintf`, `eprintf`): `~a ~s ~v ~e ~c ~b ~o ~x
 * ~n ~% ~~`, `~.a ~.s ~.v`, and `~` before whitespace. As in Racket (`racket/src/io/print/
 * printf.rkt`), a first pass checks the form and the argument count before anything is printed;
 * a second pass prints. Racket's first pass remembers the first argument of the wrong type
 * only until the next `~c`, `~b`, `~o` or `~x`; when it has forgotten it, the second pass hits
 * it and raises `number->string`'s error instead, as Racket does.
 */
import { ExnFailContract } from '../exn/exn.js';
import {
  cutToWidth,
  ERROR_PRINT_WIDTH,
  formatValue,
  Printed,
  printNumber,
  printValue,
} from '../exn/print.js';
import { makeMessage } from '../exn/raise.js';
import { decodeChar, decodeUtf8Range, encodeUtf8, REPLACEMENT } from '../port/utf8.js';

/** A character, in JavaScript: a string of exactly one code point. */
const isChar = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 2 && [...v].length === 1;

const isExactNumber = (v: unknown): v is number | bigint =>
  typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));

/** Racket's `char-whitespace?` (Unicode's White_Space). */
const isWhitespace = (c: string): boolean => /^\p{White_Space}$/u.test(c);

/** `; arguments were: …`: each argument printed in an equal share of `error-print-width`. */
function argumentsText(args: readonly unknown[]): string {
  // Racket lists at most 50 (found by trying: 51 arguments are not listed).
  if (args.length === 0 || args.length > 50) return '';
  const width = Math.floor(ERROR_PRINT_WIDTH / args.length);
  return '; arguments were: ' + args.map((a) => formatValue(a, width)).join(' ');
}

function illFormed(who: string, explanation: string, args: readonly unknown[]): ExnFailContract {
  return new ExnFailContract(
    `${who}: ill-formed pattern string\n  explanation: ${explanation}${argumentsText(args)}`,
  );
}

function typeError(who: string, what: string, args: readonly unknown[]): ExnFailContract {
  return new ExnFailContract(
    `${who}: format string requires a ${what}, given something else\n` +
      `  bad argument: ${formatValue(args[0])}${argumentsText(args)}`,
  );
}

/** Racket's first pass: raises for a bad form, a wrong count, a remembered bad argument. */
function checkForm(who: string, form: string, args: readonly unknown[]): void {
  const len = form.length;
  let expected = 0;
  let error: (() => ExnFailContract) | null = null;
  for (let i = 0; i < len; i++) {
    if (form[i] !== '~') continue;
    i++;
    if (i === len) throw illFormed(who, 'cannot end in `~`', args);
    const c = form[i]!;
    const next = args.length > expected ? expected : -1;
    switch (c) {
      case '~':
      case '%':
      case 'n':
      case 'N':
        break;
      case 'a':
      case 'A':
      case 's':
      case 'S':
      case 'v':
      case 'V':
      case 'e':
      case 'E':
        expected++;
        break;
      case '.': {
        i++;
        if (i === len || !'aAsSvV'.includes(form[i]!)) {
          throw illFormed(who, 'tag `~.` not followed by `a`, `s`, or `v`', args);
        }
        expected++;
        break;
      }
      case 'x':
      case 'X':
      case 'o':
      case 'O':
      case 'b':
      case 'B':
      case 'c':
      case 'C': {
        const isC = c === 'c' || c === 'C';
        const bad = next >= 0 && !(isC ? isChar(args[next]) : isExactNumber(args[next]));
        // As in Racket, each of these directives replaces what the pass remembered.
        error =
          error === null && bad
            ? () => typeError(who, isC ? 'character' : 'exact integer', args.slice(next))
            : null;
        expected++;
        break;
      }
      default: {
        const code = form.codePointAt(i)!;
        const ch = String.fromCodePoint(code);
        if (!isWhitespace(ch)) throw illFormed(who, `tag \`~${ch}\` not allowed`, args);
      }
    }
  }
  if (args.length !== expected) {
    throw new ExnFailContract(
      `${who}: format string requires ${expected} arguments, given ${args.length}` +
        argumentsText(args),
    );
  }
  if (error !== null) throw error();
}

/** `number->string` in `radix` of an exact integer, or its error for anything else. */
function inRadix(v: unknown, radix: number): string {
  if (typeof v === 'bigint') return v.toString(radix);
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return (Number.isSafeInteger(v) ? v : BigInt(v)).toString(radix);
    throw new ExnFailContract(
      makeMessage('number->string', 'inexact numbers can only be printed in base 10', [
        ['number', printNumber(v)],
        ['requested base', String(radix)],
      ]),
    );
  }
  throw new ExnFailContract(
    makeMessage('inexact?', 'contract violation', [
      ['expected', 'number?'],
      ['given', formatValue(v)],
    ]),
  );
}

/**
 * Prints `form` with `args` into `out` (Racket's `do-printf`), raising Racket's errors for a
 * bad form, a wrong argument count or a bad argument before anything is printed (except where
 * Racket's first pass forgets a bad argument, see above).
 */
export function printForm(who: string, form: string, args: readonly unknown[], out: Printed): void {
  checkForm(who, form, args);
  const len = form.length;
  let next = 0;
  let start = 0;
  let i = 0;
  while (i < len) {
    if (form[i] !== '~') {
      i++;
      continue;
    }
    if (i > start) out.text(form.slice(start, i));
    i++;
    const c = form[i]!;
    i++;
    switch (c) {
      case '~':
        out.text('~');
        break;
      case '%':
      case 'n':
      case 'N':
        out.text('\n');
        break;
      case 'a':
      case 'A':
        printValue(args[next++], 'display', out);
        break;
      case 's':
      case 'S':
        printValue(args[next++], 'write', out);
        break;
      case 'v':
      case 'V':
        printValue(args[next++], 'print', out);
        break;
      case 'e':
      case 'E':
        out.text(formatValue(args[next++]));
        break;
      case '.': {
        const d = form[i++]!.toLowerCase();
        out.text(truncated(args[next++], d === 'a' ? 'display' : d === 's' ? 'write' : 'print'));
        break;
      }
      case 'x':
      case 'X':
        out.text(inRadix(args[next++], 16));
        break;
      case 'o':
      case 'O':
        out.text(inRadix(args[next++], 8));
        break;
      case 'b':
      case 'B':
        out.text(inRadix(args[next++], 2));
        break;
      case 'c':
      case 'C': {
        const ch = args[next];
        // Racket prints a garbage character here (an unchecked `string`); we raise instead.
        if (!isChar(ch)) throw typeError(who, 'character', args.slice(next));
        out.text(ch);
        next++;
        break;
      }
      default:
        // `~` and whitespace: skip whitespace, through at most one line break.
        i = skipWhitespace(form, i - 1);
    }
    start = i;
  }
  if (len > start) out.text(form.slice(start));
}

/** From `i` (a whitespace character): past whitespace, but not past a second line break. */
function skipWhitespace(form: string, i: number): number {
  let sawNewline = false;
  while (i < form.length) {
    const c = form[i]!;
    if (c === '\n' || c === '\r') {
      if (sawNewline) return i;
      sawNewline = true;
      i += c === '\r' && form[i + 1] === '\n' ? 2 : 1;
    } else if (isWhitespace(c)) i++;
    else return i;
  }
  return i;
}

/** `~.a`, `~.s`, `~.v`: the value printed, cut to `error-print-width`. */
function truncated(v: unknown, mode: 'display' | 'write' | 'print'): string {
  const out = new Printed(ERROR_PRINT_WIDTH);
  printValue(v, mode, out);
  return cutToWidth(textOf(out), ERROR_PRINT_WIDTH);
}

/** The text of what was printed: displayed byte strings decoded from UTF-8 as Racket does. */
export function textOf(out: Printed): string {
  if (out.isText) return out.parts.join('');
  const bytes = bytesOf(out);
  return decodeUtf8Range(bytes, 0, bytes.length);
}

/** What was printed as bytes: text encoded as UTF-8, displayed byte strings as they are. */
export function bytesOf(out: Printed): Uint8Array {
  const chunks = out.parts.map((p) => (typeof p === 'string' ? encodeUtf8(p) : p));
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/** `bytes->string/utf-8` with `#\\?` for each byte that does not decode. */
export function decodeWithQuestionMarks(bytes: Uint8Array): string {
  const text = decodeUtf8Range(bytes, 0, bytes.length);
  if (!text.includes('\uFFFD')) return text;
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const step = decodeChar((k) => bytes[i + k]!, bytes.length - i, true)!;
    // A bad byte is a one-byte U+FFFD; a real U+FFFD takes three.
    out +=
      step.codePoint === REPLACEMENT && step.length === 1
        ? '?'
        : String.fromCodePoint(step.codePoint);
    i += step.length;
  }
  return out;
}
