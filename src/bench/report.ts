/** The benchmark's results: targets, the text table, and the SVG bar chart. */
import { type Impl, IMPLS, type Measurement, type WorkloadInfo } from './config.js';

export type Status = 'ok' | 'pending' | 'skipped' | 'failed';

export interface ImplResult {
  readonly status: Status;
  /** Median of the runs' values (absent unless `ok`). */
  readonly median?: number;
  readonly runs: readonly Measurement[];
  /** Why the implementation has no result. */
  readonly note?: string;
  /** What ran it (`Node v20.20.2`, `Racket 8.7 [cs]`): each runtime its runs reported. */
  readonly runtime?: string;
  /** Server workloads: median of the runs' p99 latencies (ms). */
  readonly p99Ms?: number;
  /** Server workloads: the most timeouts, and socket errors, of any run. */
  readonly timeouts?: number;
  readonly errors?: number;
}

/** The result of an implementation whose runs all succeeded. */
export function implResultOf(runs: readonly Measurement[]): ImplResult {
  const runtimes = [...new Set(runs.flatMap((m) => (m.runtime === undefined ? [] : [m.runtime])))];
  const defined = (xs: readonly (number | undefined)[]): number[] =>
    xs.filter((x): x is number => x !== undefined);
  const p99s = defined(runs.map((m) => m.p99Ms));
  const timeouts = defined(runs.map((m) => m.timeouts));
  const errors = defined(runs.map((m) => m.errors));
  return {
    status: 'ok',
    median: median(runs.map((m) => m.value)),
    runs,
    ...(runtimes.length === 0 ? {} : { runtime: runtimes.join(', ') }),
    ...(p99s.length === 0 ? {} : { p99Ms: median(p99s) }),
    ...(timeouts.length === 0 ? {} : { timeouts: Math.max(...timeouts) }),
    ...(errors.length === 0 ? {} : { errors: Math.max(...errors) }),
  };
}

/** What a workload's target compares: racket-net against raw Node, Racket CS, or itself. */
export interface Target {
  readonly against: 'node' | 'racket' | 'fanin-10';
  /** Ratio racket-net / other must be >= (or, for memory, <=) this. */
  readonly ratio: number;
}

export const TARGETS: Record<string, readonly Target[]> = {
  'tcp-bulk': [
    { against: 'node', ratio: 1.0 },
    { against: 'racket', ratio: 1.0 },
  ],
  'tcp-pingpong': [
    { against: 'node', ratio: 0.9 },
    { against: 'racket', ratio: 1.0 },
  ],
  'tcp-churn': [{ against: 'node', ratio: 0.9 }],
  'udp-pingpong': [{ against: 'node', ratio: 0.9 }],
  'unix-pingpong': [{ against: 'node', ratio: 0.9 }],
  'unix-bulk': [{ against: 'node', ratio: 0.9 }],
  'tls-handshake': [{ against: 'node', ratio: 0.9 }],
  'tls-bulk': [{ against: 'node', ratio: 0.9 }],
  'fanin-1000': [{ against: 'fanin-10', ratio: 0.5 }],
  memory: [{ against: 'node', ratio: 1.5 }],
};

export interface WorkloadResult {
  readonly name: string;
  readonly title: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  readonly results: Partial<Record<Impl, ImplResult>>;
  /** racket-net / raw Node and racket-net / Racket CS (medians). */
  readonly vsNode: number | null;
  readonly vsRacket: number | null;
  readonly targets: readonly (Target & {
    readonly actual: number | null;
    readonly met: boolean | null;
  })[];
}

export interface BenchResults {
  readonly date: string;
  readonly conditions: Record<string, unknown>;
  readonly sizes: Record<string, number>;
  readonly runs: number;
  readonly workloads: readonly WorkloadResult[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const medianOf = (r: ImplResult | undefined): number | null =>
  r?.status === 'ok' && r.median !== undefined ? r.median : null;

const ratio = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : a / b;

/** Ratios and targets of every workload, from the per-implementation results. */
export function summarize(
  infos: readonly WorkloadInfo[],
  results: ReadonlyMap<string, Partial<Record<Impl, ImplResult>>>,
): WorkloadResult[] {
  return infos.map((info) => {
    const r = results.get(info.name) ?? {};
    const rnet = medianOf(r['racket-net']);
    const vsNode = ratio(rnet, medianOf(r.node));
    const vsRacket = ratio(rnet, medianOf(r.racket));
    const targets = (TARGETS[info.name] ?? []).map((t) => {
      const actual =
        t.against === 'node'
          ? vsNode
          : t.against === 'racket'
            ? vsRacket
            : ratio(rnet, medianOf(results.get(t.against)?.['racket-net']));
      const met =
        actual === null ? null : info.higherIsBetter ? actual >= t.ratio : actual <= t.ratio;
      return { ...t, actual, met };
    });
    return {
      name: info.name,
      title: info.title,
      unit: info.unit,
      higherIsBetter: info.higherIsBetter,
      results: r,
      vsNode,
      vsRacket,
      targets,
    };
  });
}

export function formatNumber(v: number): string {
  if (v >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(3);
}

const formatRatio = (r: number | null): string => (r === null ? '–' : `${r.toFixed(2)}x`);

function cell(r: ImplResult | undefined): string {
  if (r === undefined) return '–';
  if (r.status === 'ok' && r.median !== undefined) return formatNumber(r.median);
  return r.status;
}

function targetText(w: WorkloadResult): string {
  if (w.targets.length === 0) return '';
  return w.targets
    .map((t) => {
      const op = w.higherIsBetter ? '>=' : '<=';
      const name = t.against === 'node' ? 'Node' : t.against === 'racket' ? 'Racket' : '10 idle';
      const mark = t.met === null ? '?' : t.met ? 'met' : 'MISSED';
      return `${op}${t.ratio.toFixed(1)}x ${name}: ${formatRatio(t.actual)} ${mark}`;
    })
    .join('; ');
}

/** The results as a Markdown table (it reads fine as plain text too). */
export function formatTable(workloads: readonly WorkloadResult[]): string {
  const header = [
    'workload',
    'unit',
    'racket-net',
    'raw Node',
    'Racket CS',
    'racket-net / Node',
    'racket-net / Racket',
    'target',
    'ran on',
  ];
  const rows = workloads.map((w) => [
    w.title,
    w.unit,
    cell(w.results['racket-net']),
    cell(w.results.node),
    cell(w.results.racket),
    formatRatio(w.vsNode),
    formatRatio(w.vsRacket),
    targetText(w),
    runtimesOf(w),
  ]);
  return markdownTable(header, rows, (i) => i >= 2 && i <= 6);
}

/** The runtimes a workload's results ran on, each once: `Node v20.20.2, Racket 8.7 [cs]`. */
function runtimesOf(w: WorkloadResult): string {
  const all = IMPLS.flatMap((impl) => w.results[impl]?.runtime?.split(', ') ?? []);
  return [...new Set(all)].join(', ');
}

/** A Markdown table whose columns `right(i)` are right-aligned. */
function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: (column: number) => boolean,
): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: readonly string[]): string =>
    `| ${row.map((c, i) => (right(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/**
 * The server workloads' latency and failures: median p99 latency of each implementation (`n/a`
 * where the load client cannot measure it: wrk when pipelining), and the most timeouts and
 * socket errors of any run, as `racket-net / raw Node / Racket CS`. Empty when no server
 * workload has results.
 */
export function formatServerTable(workloads: readonly WorkloadResult[]): string {
  const servers = workloads.filter((w) =>
    IMPLS.some((impl) => w.results[impl]?.errors !== undefined),
  );
  if (servers.length === 0) return '';
  const ms = (r: ImplResult | undefined): string => {
    if (r?.status !== 'ok') return cell(r);
    if (r.p99Ms === undefined) return 'n/a';
    return r.p99Ms < 10 ? r.p99Ms.toFixed(2) : formatNumber(r.p99Ms);
  };
  const counts = (w: WorkloadResult, field: 'timeouts' | 'errors'): string =>
    IMPLS.map((impl) => {
      const r = w.results[impl];
      return r?.[field] === undefined ? '–' : String(r[field]);
    }).join(' / ');
  const header = [
    'server workload',
    'p99 ms racket-net',
    'p99 ms raw Node',
    'p99 ms Racket CS',
    'timeouts (rn / Node / Racket)',
    'socket errors (rn / Node / Racket)',
  ];
  const rows = servers.map((w) => [
    w.title,
    ms(w.results['racket-net']),
    ms(w.results.node),
    ms(w.results.racket),
    counts(w, 'timeouts'),
    counts(w, 'errors'),
  ]);
  return markdownTable(header, rows, (i) => i >= 1);
}

const COLORS: Record<Impl, string> = {
  'racket-net': '#3a6ea5',
  node: '#6a9f3a',
  racket: '#b5533c',
};
const LABELS: Record<Impl, string> = {
  'racket-net': 'racket-net',
  node: 'raw Node',
  racket: 'Racket CS',
};

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A horizontal bar chart: one group per workload, one bar per implementation, each group scaled
 * to its own largest value (the units differ), the value printed at the end of each bar.
 */
export function renderChart(workloads: readonly WorkloadResult[], subtitle: string): string {
  const width = 760;
  const left = 190;
  const barMax = 430;
  const barH = 16;
  const gap = 4;
  const groupGap = 18;
  const top = 64;
  const out: string[] = [];
  let y = top;
  for (const w of workloads) {
    const values = IMPLS.map((impl) => medianOf(w.results[impl]));
    const max = Math.max(...values.map((v) => v ?? 0));
    const groupH = IMPLS.length * (barH + gap) - gap;
    const title = `${w.title}`;
    const unit = `${w.unit}${w.higherIsBetter ? '' : ' (lower is better)'}`;
    out.push(
      `<text x="${left - 10}" y="${y + groupH / 2 - 3}" text-anchor="end" font-weight="bold">${escapeXml(title)}</text>`,
      `<text x="${left - 10}" y="${y + groupH / 2 + 12}" text-anchor="end" fill="#666" font-size="11">${escapeXml(unit)}</text>`,
    );
    IMPLS.forEach((impl, i) => {
      const v = values[i]!;
      const by = y + i * (barH + gap);
      if (v === null) {
        const status = w.results[impl]?.status ?? 'not run';
        out.push(
          `<text x="${left + 4}" y="${by + barH - 4}" fill="#999" font-size="11">${escapeXml(`${LABELS[impl]}: ${status}`)}</text>`,
        );
        return;
      }
      const len = max > 0 ? Math.max(1, (v / max) * barMax) : 1;
      out.push(
        `<rect x="${left}" y="${by}" width="${len.toFixed(1)}" height="${barH}" fill="${COLORS[impl]}"><title>${escapeXml(`${LABELS[impl]}: ${formatNumber(v)} ${w.unit}`)}</title></rect>`,
        `<text x="${(left + len + 5).toFixed(1)}" y="${by + barH - 4}" font-size="11">${escapeXml(formatNumber(v))}</text>`,
      );
    });
    y += groupH + groupGap;
  }
  const height = y + 10;
  const legend = IMPLS.map(
    (impl, i) =>
      `<rect x="${left + i * 130}" y="36" width="12" height="12" fill="${COLORS[impl]}"/><text x="${left + i * 130 + 17}" y="46">${LABELS[impl]}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">racket-net vs raw Node vs Racket CS (loopback)</text>`,
    `<text x="${width - 10}" y="20" text-anchor="end" fill="#666" font-size="11">${escapeXml(subtitle)}</text>`,
    ...legend,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
