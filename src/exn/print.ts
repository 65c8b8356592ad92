/**
 * Racket's printer for JavaScript values, in its three modes: `display`, `write` and `print`
 * (what `~e` and error messages use, through `formatValue`). Strings quoted and escaped as
 * Racket writes them, byte strings as `#"…"`, `#t`/`#f`, `#<void>`, arrays as lists (`print`
 * quotes the outermost: `'(1 "a")`), runtime objects as `#<kind:name>`.
 *
 * It lives here, at the bottom, because error messages print values; `print/` builds
 * `display`, `write`, `format` and the rest on it.
 */

/** Objects that know their Racket printed form (`#<input-port:pipe>`, `#<udp>`, …) implement this. */
export const racketPrint = Symbol('racket-net.print');

export interface RacketPrintable {
  [racketPrint](): string;
}

/** Racket's `error-print-width`: error messages cut printed values to this many characters. */
export const ERROR_PRINT_WIDTH = 256;

/** `'display'`: strings and byte strings as their content; `'write'`: readable; `'print'`: as an expression. */
export type PrintMode = 'display' | 'write' | 'print';

/**
 * What printing a value produced: text, and (under `display` only) raw byte strings, in order.
 * A printer with a `max` stops once it has produced that many characters (it is to be cut).
 */
export class Printed {
  readonly parts: (string | Uint8Array)[] = [];
  length = 0;
  /**
   * The Racket operation that wrote the first output (what a closed port's error names):
   * `write-bytes` for a string or byte string written, `display` for one displayed.
   */
  firstWho: string | null = null;
  constructor(readonly max: number = Infinity) {}
  get full(): boolean {
    return this.length > this.max;
  }
  text(s: string, who = 'write-string'): void {
    if (this.firstWho === null && s.length > 0) this.firstWho = who;
    this.parts.push(s);
    this.length += s.length;
  }
  bytes(b: Uint8Array): void {
    if (this.firstWho === null && b.length > 0) this.firstWho = 'display';
    this.#hasBytes = true;
    this.parts.push(b);
    this.length += b.length;
  }
  #hasBytes = false;
  /** Whether every part is text (no raw bytes were displayed). */
  get isText(): boolean {
    return !this.#hasBytes;
  }
}

/** Cuts `text` to `width` characters as Racket does: the last three become `...`. */
export function cutToWidth(text: string, width: number): string {
  return text.length > width ? text.slice(0, Math.max(0, width - 3)) + '...' : text;
}

/**
 * `v` as Racket's `error-value->string` prints it (print mode, cut to `width` characters):
 * the form of values in error messages and `~e`.
 */
export function formatValue(v: unknown, width: number = ERROR_PRINT_WIDTH): string {
  const out = new Printed(width);
  printValue(v, 'print', out);
  // Print mode never displays raw bytes: every part is text.
  return cutToWidth((out.parts as string[]).join(''), width);
}

/** Prints `v` in `mode` into `out`. */
export function printValue(v: unknown, mode: PrintMode, out: Printed): void {
  if (Array.isArray(v)) {
    if (mode === 'print') out.text("'");
    // Inside the quote, elements print as `write` does.
    printList(v, mode === 'display' ? 'display' : 'write', out);
    return;
  }
  printAtom(v, mode, out);
}

function printList(list: readonly unknown[], mode: PrintMode, out: Printed): void {
  out.text('(');
  for (let i = 0; i < list.length && !out.full; i++) {
    if (i > 0) out.text(' ');
    const item = list[i];
    if (Array.isArray(item)) printList(item, mode, out);
    else printAtom(item, mode, out);
  }
  out.text(')');
}

function printAtom(v: unknown, mode: PrintMode, out: Printed): void {
  switch (typeof v) {
    case 'string':
      if (mode === 'display') out.text(v);
      else out.text(printString(v), 'write-bytes');
      return;
    case 'number':
      out.text(printNumber(v));
      return;
    case 'boolean':
      out.text(v ? '#t' : '#f');
      return;
    case 'undefined':
      out.text('#<void>');
      return;
    case 'bigint':
      out.text(String(v));
      return;
    case 'symbol':
      out.text(v.description ?? 'symbol');
      return;
    case 'function':
      out.text(v.name ? `#<procedure:${v.name}>` : '#<procedure>');
      return;
    default:
      break;
  }
  if (v === null) out.text('null');
  else if (v instanceof Uint8Array) {
    if (mode === 'display') out.bytes(v);
    else out.text(printBytes(v, out.max), 'write-bytes');
  } else if (typeof (v as Partial<RacketPrintable>)[racketPrint] === 'function') {
    out.text((v as RacketPrintable)[racketPrint]());
  } else {
    const ctor = (v as object).constructor?.name;
    out.text(ctor && ctor !== 'Object' ? `#<${ctor}>` : '#<object>');
  }
}

/**
 * A JavaScript number as Racket prints its counterpart: an integer as the exact integer it is
 * (`1e21` is `1000000000000000000000`, `-0` is `0`), any other as a flonum, in Racket CS's
 * form (`1.5`, `1e-5`: an exponent below 1e-4, `+inf.0`, `+nan.0`).
 */
export function printNumber(n: number): string {
  if (Number.isInteger(n)) {
    // Past 2^53, `String` rounds to the shortest form (`18446744073709552000` for 2^64).
    return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  }
  if (Number.isNaN(n)) return '+nan.0';
  if (n === Infinity) return '+inf.0';
  if (n === -Infinity) return '-inf.0';
  // Racket CS writes 0.0001 but 1e-5; JavaScript's `toExponential()` gives the shortest digits.
  return Math.abs(n) < 1e-4 ? n.toExponential() : String(n);
}

const STRING_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
};

/** What Racket's printer escapes: the named escapes, and characters neither graphic nor blank. */
const STRING_NEEDS_ESCAPE = /["\\]|[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;

/** `s` as Racket's `write` prints a string (a lone surrogate as `\uD800`). */
export function printString(s: string): string {
  return '"' + s.replace(STRING_NEEDS_ESCAPE, escapeChar) + '"';
}

function escapeChar(c: string): string {
  const named = STRING_ESCAPES[c];
  if (named !== undefined) return named;
  const code = c.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? '\\U' + hex.padStart(8, '0') : '\\u' + hex.padStart(4, '0');
}

const BYTE_ESCAPES: Record<number, string> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x07: '\\a',
  0x08: '\\b',
  0x0b: '\\v',
  0x0c: '\\f',
  0x1b: '\\e',
};

/** `b` as Racket's `write` prints a byte string; past `max` bytes it is cut (`...`). */
function printBytes(b: Uint8Array, max: number): string {
  let out = '#"';
  // Only as much as can show: the caller cuts at its width anyway.
  const n = Math.min(b.length, max);
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    const esc = BYTE_ESCAPES[c];
    if (esc !== undefined) out += esc;
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    // Racket prints other bytes in octal, shortest form unless a digit follows.
    else {
      const next = i + 1 < b.length ? b[i + 1]! : -1;
      const octal = c.toString(8);
      out += '\\' + (next >= 0x30 && next <= 0x37 ? octal.padStart(3, '0') : octal);
    }
  }
  return out + (n < b.length ? '...' : '"');
}
