/**
 * The micro-benchmark driver: every operation in racket-net and in Racket CS, each measurement
 * in a fresh process per (implementation, operation), interleaved run by run; medians as rows,
 * a table, and JSON (`docs/bench/micro.json`).
 *
 * A fresh process per measurement keeps operations from sharing V8's feedback and heap, and is
 * the only way to measure the bare `await` before any racket-net thread has run (V8's promise
 * hooks, once installed by the first thread, stay for the life of the process).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runForJson } from '../processes.js';
import { fmt, formatMicroTable, round, rounded, toJson } from './report.js';
import {
  MICRO_OPS,
  type MicroOpName,
  type OpMeasurement,
  type RnetReport,
  isMicroOp,
} from './ops.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The two implementations measured. */
export type MicroImpl = 'racket-net' | 'racket';

/** What `runMicro` runs. */
export interface MicroOptions {
  /** Operations, in table order. */
  readonly ops: readonly MicroOpName[];
  /** Implementations (Racket CS is skipped, with a note, when `racket` is not on `PATH`). */
  readonly impls: readonly MicroImpl[];
  /** Measured milliseconds per operation (and per ceiling). */
  readonly ms: number;
  /** Unmeasured warm-up milliseconds before each measurement. */
  readonly warmupMs: number;
  /** Measurements of each (implementation, operation); the median is reported. */
  readonly runs: number;
  /** The `node` binary for the racket-net processes. */
  readonly node: string;
  /** Where the JSON goes (`null`: nowhere). */
  readonly jsonPath: string | null;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** One row of the table: operations per second, medians over the runs. */
export interface MicroRow {
  /** `read-line`, …; the ceiling's rows are `await-fresh`, `await-main`, `await-thread`. */
  readonly op: string;
  readonly title: string;
  /** racket-net, ops/s (`null`: not measured or failed). */
  readonly racketNet: number | null;
  /** Racket CS, ops/s (`null`: not measured, failed, or no Racket equivalent). */
  readonly racket: number | null;
  /** racketNet / racket. */
  readonly vsRacket: number | null;
  /**
   * The ceiling: a bare `await` in the same process. For an operation, inside a racket-net thread
   * (where the operation ran), just after it; for the `await` rows, before any thread has run.
   */
  readonly ceiling: number | null;
  /** racketNet / ceiling. */
  readonly vsCeiling: number | null;
  /** Every measurement, in run order (ops/s). */
  readonly runs: {
    readonly racketNet: readonly number[];
    readonly racket: readonly number[];
    readonly ceiling: readonly number[];
  };
  /** Why a value is missing. */
  readonly note?: string;
}

/** What a run produces (and `docs/bench/micro.json` holds). */
export interface MicroResults {
  readonly date: string;
  readonly conditions: {
    readonly node: string;
    readonly racket: string | null;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly loadAverageBefore: number;
    readonly loadAverageAfter: number;
    readonly process: string;
  };
  readonly ms: number;
  readonly warmupMs: number;
  readonly runs: number;
  readonly rows: readonly MicroRow[];
}

/** What each operation is, for the table. */
export const MICRO_TITLES: Readonly<Record<string, string>> = {
  'read-line': "readLine(in, 'linefeed'), 16-byte lines already in a pipe",
  'read-line-thread': 'readLine from a pipe a writer thread fills (limit 4096)',
  'read-line-string': "readLine(in, 'linefeed'), 16-byte lines from openInputString",
  'write-string-thread': '16-byte writeString into a pipe a reader thread drains',
  'read-byte': 'readByte, bytes already in a pipe',
  'read-bytes': 'readBytes(16), bytes already in a pipe',
  'write-bytes': "16-byte writeBytes into a TCP port's 4096-byte block buffer",
  sema: 'semaphorePost + sync(sema)',
  channel: 'channel round trip between two threads',
  'await-fresh': 'bare await, before any racket-net thread has run',
  'await-main': 'bare await on the main thread, after a thread has run',
  'await-thread': 'bare await inside a racket-net thread',
};

/** The `bench/` folder holding `micro.rkt`, or `null`. */
export function microRacketFile(): string | null {
  for (const dir of [resolve(here, '../../../bench'), resolve(process.cwd(), 'bench')]) {
    const file = join(dir, 'micro.rkt');
    if (existsSync(file)) return file;
  }
  return null;
}

/** `Racket 8.7 [cs]`, or `null` when `racket` is not on `PATH`. */
export function racketVersion(): string | null {
  const r = spawnSync('racket', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const m = /Racket v(\S+?)\.?(?: \[(\w+)\])?\.?\s*$/.exec(r.stdout.trim());
  return m === null ? r.stdout.trim() : `Racket ${m[1]!}${m[2] === undefined ? '' : ` [${m[2]}]`}`;
}

/** The median of `xs` (`null` if empty). */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const ratio = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : a / b;

/** Runs the micro-benchmarks; returns the rows (and writes the JSON where `o` says). */
export async function runMicro(o: MicroOptions): Promise<MicroResults> {
  const racket = o.impls.includes('racket') ? racketVersion() : null;
  const rkt = microRacketFile();
  const nodeVersion = spawnSync(o.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const loadBefore = loadavg()[0]!;
  const rnet = new Map<MicroOpName, RnetReport[]>();
  const rkts = new Map<MicroOpName, OpMeasurement[]>();
  const failures = new Map<string, string>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
    m.set(k, [...(m.get(k) ?? []), v]);
  };

  for (let run = 0; run < o.runs; run++) {
    for (const op of o.ops) {
      // Rotate the order each run so that neither implementation always goes first.
      const order = o.impls.map((_, i) => o.impls[(i + run) % o.impls.length]!);
      for (const impl of order) {
        const key = `${impl}/${op}`;
        if (failures.has(key)) continue;
        if (impl === 'racket' && (racket === null || rkt === null || op === 'await')) continue;
        const step = `run ${String(run + 1)}/${String(o.runs)} ${op} ${impl}`;
        const timing = [String(o.ms), String(o.warmupMs)];
        try {
          if (impl === 'racket-net') {
            const r = await runForJson<RnetReport>([o.node, join(here, 'child.js'), op, ...timing]);
            push(rnet, op, r);
            o.log(`${step}: ${fmt(r.op.value)} ops/s (ceiling ${fmt(r.ceiling.value)})`);
          } else {
            const r = await runForJson<OpMeasurement>(['racket', rkt!, op, ...timing]);
            push(rkts, op, r);
            o.log(`${step}: ${fmt(r.value)} ops/s`);
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failures.set(key, message);
          o.log(`${step}: FAILED ${message}`);
        }
      }
    }
  }

  const rows: MicroRow[] = [];
  const noteFor = (op: MicroOpName): string | undefined => {
    const notes: string[] = [];
    for (const impl of o.impls) {
      const f = failures.get(`${impl}/${op}`);
      if (f !== undefined) notes.push(`${impl} failed: ${f}`);
    }
    if (o.impls.includes('racket') && op !== 'await' && (racket === null || rkt === null)) {
      notes.push('Racket CS skipped: racket (or bench/micro.rkt) not found');
    }
    return notes.length === 0 ? undefined : notes.join('; ');
  };
  const row = (
    op: string,
    note: string | undefined,
    rnetRuns: number[],
    rktRuns: number[],
    ceilingRuns: number[],
  ): MicroRow => {
    const racketNet = median(rnetRuns);
    const r = median(rktRuns);
    const ceiling = median(ceilingRuns);
    return {
      op,
      title: MICRO_TITLES[op] ?? op,
      racketNet,
      racket: r,
      vsRacket: ratio(racketNet, r),
      ceiling,
      vsCeiling: ratio(racketNet, ceiling),
      runs: { racketNet: rnetRuns, racket: rktRuns, ceiling: ceilingRuns },
      ...(note === undefined ? {} : { note }),
    };
  };
  for (const op of o.ops) {
    const reports = rnet.get(op) ?? [];
    const note = noteFor(op);
    if (op === 'await') {
      // The ceiling of the three `await` rows is the untaxed one: before any thread has run.
      const fresh = reports.map((r) => r.op.value);
      rows.push(row('await-fresh', note, fresh, [], fresh));
      rows.push(
        row(
          'await-main',
          note,
          reports.map((r) => r.main?.value ?? 0),
          [],
          fresh,
        ),
      );
      rows.push(
        row(
          'await-thread',
          note,
          reports.map((r) => r.ceiling.value),
          [],
          fresh,
        ),
      );
    } else {
      rows.push(
        row(
          op,
          note,
          reports.map((r) => r.op.value),
          (rkts.get(op) ?? []).map((r) => r.value),
          reports.map((r) => r.ceiling.value),
        ),
      );
    }
  }

  const cpuList = cpus();
  const results: MicroResults = {
    date: new Date().toISOString(),
    conditions: {
      node: nodeVersion,
      racket,
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      loadAverageBefore: round(loadBefore, 2),
      loadAverageAfter: round(loadavg()[0]!, 2),
      process:
        'a fresh process per (implementation, operation, run); racket-net ops run in a thread',
    },
    ms: o.ms,
    warmupMs: o.warmupMs,
    runs: o.runs,
    rows: rows.map(rounded),
  };
  if (o.jsonPath !== null) {
    mkdirSync(dirname(o.jsonPath), { recursive: true });
    writeFileSync(o.jsonPath, toJson(results));
  }
  return results;
}

/** Help for `main.js --help`. */
export const MICRO_HELP = `usage: node dist/bench/micro/main.js [--only OP,...] [--impl I,...] [--node PATH]
                                    [--ms N] [--warmup N] [--runs N] [--json PATH|none]

Port-operation and scheduling micro-benchmarks: each operation in racket-net (inside a racket-net
thread) and in Racket CS (bench/micro.rkt, when racket is on PATH), each measurement in a fresh
process, beside the ceiling measured in the same racket-net process: a bare \`await\` of an
async function that does nothing, inside a thread. The \`await\` operation measures that
ceiling before any racket-net thread has run, on the main thread after one has (V8's promise
hooks installed), and inside a thread.

operations: ${MICRO_OPS.join(', ')}
  --only OP,...     only these operations
  --impl I,...      only these implementations (racket-net, racket)
  --node PATH       the node binary for the racket-net processes (default: this one)
  --ms N            measured milliseconds per operation (default 500)
  --warmup N        warm-up milliseconds before each measurement (default 250)
  --runs N          measurements of each; the median is reported (default 3)
  --json PATH|none  where the rows go as JSON (default docs/bench/micro.json for a run of every
                    operation in both implementations, otherwise none)
`;

/** Parses the command line, runs, prints the table; returns the exit code. */
export async function microMain(argv: readonly string[]): Promise<number> {
  let ops: MicroOpName[] = [...MICRO_OPS];
  let impls: MicroImpl[] = ['racket-net', 'racket'];
  let node = process.execPath;
  let ms = 500;
  let warmupMs = 250;
  let runs = 3;
  let json: string | null | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a}: missing value`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      process.stdout.write(MICRO_HELP);
      return 0;
    } else if (a === '--only') {
      const names = value().split(',');
      const bad = names.filter((n) => !isMicroOp(n));
      if (bad.length > 0) {
        throw new Error(`--only: unknown ${bad.join(', ')}; known: ${MICRO_OPS.join(', ')}`);
      }
      ops = MICRO_OPS.filter((n) => names.includes(n));
    } else if (a === '--impl') {
      const names = value().split(',');
      for (const n of names) {
        if (n !== 'racket-net' && n !== 'racket') throw new Error(`--impl: unknown ${n}`);
      }
      impls = names as MicroImpl[];
    } else if (a === '--node') node = value();
    else if (a === '--ms') ms = positive(a, value());
    else if (a === '--warmup') warmupMs = nonNegative(a, value());
    else if (a === '--runs') runs = positive(a, value());
    else if (a === '--json') {
      const v = value();
      json = v === 'none' ? null : v;
    } else throw new Error(`unknown option: ${a}`);
  }
  const full = ops.length === MICRO_OPS.length && impls.length === 2;
  const results = await runMicro({
    ops,
    impls,
    ms,
    warmupMs,
    runs,
    node,
    jsonPath: json === undefined ? (full ? 'docs/bench/micro.json' : null) : json,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const c = results.conditions;
  process.stdout.write(
    `\n${formatMicroTable(results.rows)}\n\n` +
      `median of ${String(runs)} runs of ${String(ms)} ms (after ${String(warmupMs)} ms warm-up) · ` +
      `Node ${c.node} · ${c.racket ?? 'no Racket'} · ${String(c.cpus)} cores · ` +
      `load ${String(c.loadAverageBefore)}\n`,
  );
  for (const r of results.rows) {
    if (r.note !== undefined) process.stdout.write(`${r.op}: ${r.note}\n`);
  }
  return results.rows.some((r) => r.note?.includes('failed') === true) ? 1 : 0;
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag}: expected a positive integer`);
  return n;
}

function nonNegative(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected an integer >= 0`);
  return n;
}
