/** The micro-benchmarks' table and JSON: rounding, formatting and ratios as printed. */
import { type MicroRow } from './run.js';

export const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const roundOrNull = (x: number | null, digits: number): number | null =>
  x === null ? null : round(x, digits);

export function rounded(r: MicroRow): MicroRow {
  return {
    ...r,
    racketNet: roundOrNull(r.racketNet, 0),
    racket: roundOrNull(r.racket, 0),
    vsRacket: roundOrNull(r.vsRacket, 3),
    ceiling: roundOrNull(r.ceiling, 0),
    vsCeiling: roundOrNull(r.vsCeiling, 3),
    runs: {
      racketNet: r.runs.racketNet.map((x) => round(x, 0)),
      racket: r.runs.racket.map((x) => round(x, 0)),
      ceiling: r.runs.ceiling.map((x) => round(x, 0)),
    },
  };
}

/** JSON as Prettier prints it: arrays of numbers on one line. */
export function toJson(v: unknown): string {
  return `${JSON.stringify(v, null, 2).replace(/\[\n\s+([-\d.e+,\s]*?)\n\s*\]/g, (_, xs: string) => `[${xs.split(/,\s*/).join(', ')}]`)}\n`;
}

/** `1,234,567` (or `–`). */
export const fmt = (x: number | null): string =>
  x === null ? '–' : Math.round(x).toLocaleString('en-US');
const fmtRatio = (x: number | null): string => (x === null ? '–' : `${x.toFixed(2)}x`);

/** The rows as a Markdown table. */
export function formatMicroTable(rows: readonly MicroRow[]): string {
  const header = [
    'op',
    'racket-net ops/s',
    'Racket CS ops/s',
    'vs Racket',
    'ceiling ops/s',
    'vs ceiling',
  ];
  const body = rows.map((r) => [
    r.op,
    fmt(r.racketNet),
    fmt(r.racket),
    fmtRatio(r.vsRacket),
    fmt(r.ceiling),
    fmtRatio(r.vsCeiling),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}
