/**
 * Prints values the way Racket's error messages do (`~e`): strings quoted, byte strings as
 * `#"…"`, `#t`/`#f`, `#<void>`, lists as `'(…)`, runtime objects as `#<kind:name>`.
 * Long values are cut to Racket's `error-print-width` (256 characters, ending in `...`).
 */

/** Objects that know their Racket printed form (`#<input-port:pipe>`, `#<udp>`, …) implement this. */
export const racketPrint = Symbol('racket-net.print');

export interface RacketPrintable {
  [racketPrint](): string;
}

const ERROR_PRINT_WIDTH = 256;

export function formatValue(v: unknown): string {
  const text = printValue(v, true);
  return text.length > ERROR_PRINT_WIDTH ? text.slice(0, ERROR_PRINT_WIDTH - 3) + '...' : text;
}

function printValue(v: unknown, quoteLists: boolean): string {
  switch (typeof v) {
    case 'string':
      return printString(v);
    case 'number':
      return printNumber(v);
    case 'boolean':
      return v ? '#t' : '#f';
    case 'undefined':
      return '#<void>';
    case 'bigint':
      return String(v);
    case 'symbol':
      return v.description ?? 'symbol';
    case 'function':
      return v.name ? `#<procedure:${v.name}>` : '#<procedure>';
    default:
      break;
  }
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return printBytes(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => printValue(x, false)).join(' ');
    return quoteLists ? `'(${items})` : `(${items})`;
  }
  if (typeof (v as Partial<RacketPrintable>)[racketPrint] === 'function') {
    return (v as RacketPrintable)[racketPrint]();
  }
  const ctor = (v as object).constructor?.name;
  return ctor && ctor !== 'Object' ? `#<${ctor}>` : '#<object>';
}

function printNumber(n: number): string {
  if (Number.isNaN(n)) return '+nan.0';
  if (n === Infinity) return '+inf.0';
  if (n === -Infinity) return '-inf.0';
  return String(n);
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

function printString(s: string): string {
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

function printBytes(b: Uint8Array): string {
  let out = '#"';
  // Only as much as can show: the caller cuts at ERROR_PRINT_WIDTH anyway.
  const n = Math.min(b.length, ERROR_PRINT_WIDTH);
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
