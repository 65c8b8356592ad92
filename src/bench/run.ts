/**
 * The benchmark driver: runs every workload of every implementation, interleaved, each
 * measurement in a fresh child process, and reports medians as a table, JSON and an SVG chart.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FLAG_NAMES,
  FULL_SIZES,
  type Impl,
  IMPLS,
  type Measurement,
  SMALL_SIZES,
  type Sizes,
  WORKLOADS,
  type WorkloadInfo,
  sizesFromEnv,
} from './config.js';
import {
  type BenchResults,
  type ImplResult,
  formatTable,
  median,
  renderChart,
  summarize,
} from './report.js';
import { loadUdpApi } from './udp-workloads.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface BenchOptions {
  readonly sizes: Sizes;
  readonly runs: number;
  readonly impls: readonly Impl[];
  readonly workloads: readonly WorkloadInfo[];
  /** Where results.json goes (`null`: nowhere). */
  readonly outDir: string | null;
  /** Where the committed copies (results.json, chart.svg) go (`null`: nowhere). */
  readonly docsDir: string | null;
  /** Extra `node` flags for the children (e.g. `--cpu-prof`); also `BENCH_NODE_ARGS`. */
  readonly nodeArgs: readonly string[];
  /** Progress lines (stderr by default). */
  readonly log: (line: string) => void;
}

/** The `bench/` folder with the Racket programs, or `null` if it is not there. */
export function racketDir(): string | null {
  for (const dir of [resolve(here, '../../bench'), resolve(process.cwd(), 'bench')]) {
    if (existsSync(join(dir, 'common.rkt'))) return dir;
  }
  return null;
}

export function racketVersion(): string | null {
  const r = spawnSync('racket', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  // "Welcome to Racket v8.7 [cs]." -> "Racket 8.7 [cs]"
  const m = /Racket v(\S+)(?: \[(\w+)\])?/.exec(r.stdout);
  return m === null ? r.stdout.trim() : `Racket ${m[1]!}${m[2] === undefined ? '' : ` [${m[2]}]`}`;
}

/** Runs `argv` (under a raised `ulimit -n` if `manyFds`) and parses its last line. */
function runChild(argv: readonly string[], manyFds: boolean): Promise<Measurement> {
  const [cmd, args] = manyFds
    ? ['bash', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'bench', ...argv]]
    : [argv[0]!, argv.slice(1)];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) {
        resolvePromise(JSON.parse(last) as Measurement);
      } else {
        const why = stderr.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`exit ${String(code ?? signal)}: ${why}`));
      }
    });
  });
}

function childArgv(impl: Impl, w: WorkloadInfo, o: BenchOptions, rktDir: string): string[] {
  if (impl === 'racket') {
    return ['racket', join(rktDir, w.racket!.file), ...w.racket!.args(o.sizes).map(String)];
  }
  const gc = w.name === 'memory' ? ['--expose-gc'] : [];
  return [
    process.execPath,
    ...gc,
    ...o.nodeArgs,
    join(here, 'child.js'),
    impl,
    w.name,
    JSON.stringify(o.sizes),
  ];
}

/** Runs the benchmark; returns the results (and writes them where `o` says). */
export async function runBench(o: BenchOptions): Promise<BenchResults> {
  const racket = o.impls.includes('racket') ? racketVersion() : null;
  const rktDir = racketDir();
  const udpReady = (await loadUdpApi()) !== null;
  const loadBefore = loadavg();
  const results = new Map<string, Partial<Record<Impl, ImplResult>>>();
  const runs = new Map<string, Measurement[]>();
  const failures = new Map<string, string>();
  const key = (w: WorkloadInfo, impl: Impl): string => `${w.name}/${impl}`;

  const unavailable = (w: WorkloadInfo, impl: Impl): ImplResult | null => {
    if (impl === 'racket' && (racket === null || rktDir === null || w.racket === null)) {
      return { status: 'skipped', runs: [], note: 'racket is not on PATH' };
    }
    if (impl === 'racket-net' && w.name === 'udp-pingpong' && !udpReady) {
      return { status: 'pending', runs: [], note: 'racket-net UDP (src/udp) is not built yet' };
    }
    return null;
  };

  for (let run = 0; run < o.runs; run++) {
    for (const w of o.workloads) {
      // Rotate the order each run so no implementation always goes first.
      const order = o.impls.map((_, i) => o.impls[(i + run) % o.impls.length]!);
      for (const impl of order) {
        if (unavailable(w, impl) !== null || failures.has(key(w, impl))) continue;
        try {
          const m = await runChild(childArgv(impl, w, o, rktDir ?? ''), w.manyFds);
          const expected = w.expectedCount(o.sizes);
          if (m.count !== expected) {
            throw new Error(`did ${String(m.count)} of ${String(expected)}`);
          }
          const list = runs.get(key(w, impl)) ?? [];
          list.push(m);
          runs.set(key(w, impl), list);
          o.log(
            `run ${String(run + 1)}/${String(o.runs)} ${w.name} ${impl}: ${m.value.toFixed(1)} ${w.unit}`,
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failures.set(key(w, impl), message);
          o.log(`run ${String(run + 1)}/${String(o.runs)} ${w.name} ${impl}: FAILED ${message}`);
        }
      }
    }
  }

  for (const w of o.workloads) {
    const r: Partial<Record<Impl, ImplResult>> = {};
    for (const impl of o.impls) {
      const skip = unavailable(w, impl);
      const failed = failures.get(key(w, impl));
      const list = runs.get(key(w, impl)) ?? [];
      if (skip !== null) r[impl] = skip;
      else if (failed !== undefined) r[impl] = { status: 'failed', runs: list, note: failed };
      else r[impl] = { status: 'ok', median: median(list.map((m) => m.value)), runs: list };
    }
    results.set(w.name, r);
  }

  const workloads = summarize(o.workloads, results);
  const cpuList = cpus();
  const bench: BenchResults = {
    date: new Date().toISOString(),
    conditions: {
      node: process.version,
      racket,
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      loadAverageBefore: loadBefore.map((x) => Number(x.toFixed(2))),
      loadAverageAfter: loadavg().map((x) => Number(x.toFixed(2))),
      network: 'loopback (127.0.0.1), both ends in one process',
      mb: '1 MB = 10^6 bytes',
    },
    sizes: { ...o.sizes },
    runs: o.runs,
    workloads,
  };
  const json = `${JSON.stringify(bench, null, 2)}\n`;
  if (o.outDir !== null) {
    mkdirSync(o.outDir, { recursive: true });
    writeFileSync(join(o.outDir, 'results.json'), json);
  }
  if (o.docsDir !== null) {
    mkdirSync(o.docsDir, { recursive: true });
    writeFileSync(join(o.docsDir, 'results.json'), json);
    writeFileSync(join(o.docsDir, 'chart.svg'), renderChart(workloads, chartSubtitle(bench)));
  }
  return bench;
}

export function chartSubtitle(b: BenchResults): string {
  const c = b.conditions;
  return `median of ${String(b.runs)} runs · Node ${String(c.node)} · ${String(c.cpus)} cores · ${b.date.slice(0, 10)}`;
}

export const BENCH_HELP = `usage: rnet bench [--small] [--runs N] [--only W,...] [--impl I,...] [--out DIR] [--docs DIR|none] [SIZE FLAGS]

Runs racket-net, raw node:net/node:dgram and Racket CS (when racket is on PATH) side by side
on loopback, interleaved, each measurement in a fresh process; prints the medians as a table
with the ratios racket-net / Node and racket-net / Racket CS, and writes DIR/results.json
(default bench-results/) and, with --docs, results.json and chart.svg there (npm run bench
writes docs/bench/).

workloads: ${WORKLOADS.map((w) => w.name).join(', ')}
  --small           tiny sizes (what the test suite runs)
  --runs N          runs of each measurement; the median is reported (default 3)
  --only W,...      only these workloads
  --impl I,...      only these implementations (racket-net, node, racket)
size flags (also env BENCH_BULK_BYTES, BENCH_ROUNDS, ...):
  ${Object.values(FLAG_NAMES).join(' N, ')} N
extra node flags for the children: env BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof")
`;

/** Parses the command line, runs, prints the table; returns the exit code. */
export async function benchMain(argv: readonly string[]): Promise<number> {
  let small = false;
  let runs = 3;
  let only: string[] | null = null;
  let impls: Impl[] = [...IMPLS];
  let outDir: string | null = 'bench-results';
  let docsDir: string | null | undefined;
  const sizeFlags: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a}: missing value`);
      return v;
    };
    const sizeKey = Object.entries(FLAG_NAMES).find(([, flag]) => flag === a)?.[0];
    if (a === '--help' || a === '-h') {
      process.stdout.write(BENCH_HELP);
      return 0;
    } else if (a === '--small') small = true;
    else if (a === '--runs') runs = positive(a, value());
    else if (a === '--only') only = value().split(',');
    else if (a === '--impl') impls = value().split(',') as Impl[];
    else if (a === '--out') outDir = value();
    else if (a === '--docs') {
      const d = value();
      docsDir = d === 'none' ? null : d;
    } else if (sizeKey !== undefined) sizeFlags[sizeKey] = positive(a, value());
    else throw new Error(`unknown option: ${a}`);
  }
  for (const impl of impls) {
    if (!IMPLS.includes(impl)) throw new Error(`--impl: unknown implementation ${impl}`);
  }
  const workloads = only === null ? WORKLOADS : WORKLOADS.filter((w) => only.includes(w.name));
  if (only !== null && workloads.length !== only.length) {
    throw new Error(`--only: known workloads are ${WORKLOADS.map((w) => w.name).join(', ')}`);
  }
  const sizes: Sizes = { ...sizesFromEnv(small ? SMALL_SIZES : FULL_SIZES), ...sizeFlags };
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((s) => s !== '');
  const result = await runBench({
    sizes,
    runs,
    impls,
    workloads,
    outDir,
    // Only a full run replaces the committed copies, unless --docs says otherwise.
    docsDir: docsDir === undefined ? (small || only !== null ? null : 'docs/bench') : docsDir,
    nodeArgs,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`\n${formatTable(result.workloads)}\n\n${chartSubtitle(result)}\n`);
  for (const w of result.workloads) {
    for (const [impl, r] of Object.entries(w.results)) {
      if (r.status !== 'ok')
        process.stdout.write(`${w.title} / ${impl}: ${r.status} (${r.note ?? ''})\n`);
    }
  }
  const failed = result.workloads.some((w) =>
    Object.values(w.results).some((r) => r.status === 'failed'),
  );
  return failed ? 1 : 0;
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag}: expected a positive integer`);
  return n;
}
