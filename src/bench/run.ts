/**
 * The benchmark driver: runs every workload of every implementation, interleaved, each
 * measurement in a fresh child process, and reports medians as a table, JSON and an SVG chart.
 */
import { execFileSync, spawnSync } from 'node:child_process';
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
  workloadNamed,
} from './config.js';
import { runForJson } from './processes.js';
import {
  type BenchResults,
  type ImplResult,
  formatServerTable,
  formatTable,
  implResultOf,
  renderChart,
  summarize,
} from './report.js';
import { measureServer } from './server-run.js';
import { loadUdpApi } from './udp-workloads.js';
import { WRK_INSTALL, wrkVersion } from './wrk.js';

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
  /** The `node` that runs racket-net's and raw Node's children (default: this process's). */
  readonly nodePath?: string;
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

/** The version `node --version` prints for the binary at `path` (`v20.20.2`). */
export function nodeVersion(path: string): string {
  return execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
}

/**
 * The `node` binary `spec` names: a path, or a release line (`24`) that
 * `scripts/install-node.mjs` installs into a scratch folder (or finds there).
 */
export function resolveNode(spec: string): string {
  if (!/^\d+$/.test(spec)) {
    if (!existsSync(spec)) throw new Error(`--node: no such file: ${spec}`);
    return resolve(spec);
  }
  const script = [resolve(here, '../../scripts'), resolve(process.cwd(), 'scripts')]
    .map((dir) => join(dir, 'install-node.mjs'))
    .find((file) => existsSync(file));
  if (script === undefined) {
    throw new Error('--node MAJOR needs scripts/install-node.mjs (in the repository); give a path');
  }
  const out = execFileSync(process.execPath, [script, spec], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop()!;
}

/**
 * The row whose measurement fills `w`'s column for `impl`: `w` itself, or for raw Node and
 * Racket CS the row `w` shares them with.
 */
function measuredRow(w: WorkloadInfo, impl: Impl): WorkloadInfo {
  return impl === 'racket-net' || w.baseline === undefined ? w : workloadNamed(w.baseline);
}

function childArgv(impl: Impl, w: WorkloadInfo, o: BenchOptions, rktDir: string): string[] {
  if (impl === 'racket') {
    return ['racket', join(rktDir, w.racket!.file), ...w.racket!.args(o.sizes).map(String)];
  }
  const node = o.nodePath ?? process.execPath;
  if (w.server !== undefined) {
    const server = impl === 'racket-net' ? w.server.rnetServer : w.server.protocol;
    return [node, ...o.nodeArgs, join(here, 'server-child.js'), impl, server];
  }
  const gc = w.name === 'memory' ? ['--expose-gc'] : [];
  return [
    node,
    ...gc,
    ...o.nodeArgs,
    join(here, 'child.js'),
    impl,
    w.name,
    JSON.stringify(o.sizes),
  ];
}

/** One measurement of row `w` by `impl`, in fresh processes. */
function measure(
  impl: Impl,
  w: WorkloadInfo,
  o: BenchOptions,
  rktDir: string,
): Promise<Measurement> {
  const argv = childArgv(impl, w, o, rktDir);
  if (w.server === undefined) return runForJson<Measurement>(argv, w.manyFds);
  return measureServer({
    serverArgv: argv,
    load: w.server.load(o.sizes),
    sizes: o.sizes,
    lpClient: join(here, 'lp-client.js'),
    manyFds: w.manyFds,
    warn: (text) => o.log(`${w.name} ${impl}: ${text}`),
  });
}

/** Runs the benchmark; returns the results (and writes them where `o` says). */
export async function runBench(o: BenchOptions): Promise<BenchResults> {
  const racket = o.impls.includes('racket') ? racketVersion() : null;
  const rktDir = racketDir();
  const udpReady = (await loadUdpApi()) !== null;
  const wrk = wrkVersion();
  const usesWrk = o.workloads.some((w) => w.server?.load(o.sizes).client === 'wrk');
  if (wrk === null && usesWrk)
    o.log(`wrk is not on PATH: the HTTP rows are skipped (${WRK_INSTALL})`);
  const childNode = `Node ${o.nodePath === undefined ? process.version : nodeVersion(o.nodePath)}`;
  const loadBefore = loadavg();
  const runs = new Map<string, Measurement[]>();
  const failures = new Map<string, string>();
  const key = (w: WorkloadInfo, impl: Impl): string => `${measuredRow(w, impl).name}/${impl}`;

  const unavailable = (row: WorkloadInfo, impl: Impl): ImplResult | null => {
    const w = measuredRow(row, impl);
    if (impl === 'racket' && (racket === null || rktDir === null || w.racket === null)) {
      return { status: 'skipped', runs: [], note: 'racket is not on PATH' };
    }
    if (impl === 'racket-net' && w.name === 'udp-pingpong' && !udpReady) {
      return { status: 'pending', runs: [], note: 'racket-net UDP (src/udp) is not built yet' };
    }
    if (wrk === null && w.server?.load(o.sizes).client === 'wrk') {
      return { status: 'skipped', runs: [], note: `wrk is not on PATH: ${WRK_INSTALL}` };
    }
    return null;
  };

  for (let run = 0; run < o.runs; run++) {
    const done = new Set<string>();
    for (const row of o.workloads) {
      // Rotate the order each run so no implementation always goes first.
      const order = o.impls.map((_, i) => o.impls[(i + run) % o.impls.length]!);
      for (const impl of order) {
        const k = key(row, impl);
        if (unavailable(row, impl) !== null || failures.has(k) || done.has(k)) continue;
        done.add(k);
        const w = measuredRow(row, impl);
        const progress = `run ${String(run + 1)}/${String(o.runs)} ${w.name} ${impl}`;
        try {
          const m = await measure(impl, w, o, rktDir ?? '');
          const expected = w.expectedCount(o.sizes);
          if (expected === null ? !(m.count > 0) : m.count !== expected) {
            throw new Error(`did ${String(m.count)} of ${String(expected ?? 'some')}`);
          }
          const list = runs.get(k) ?? [];
          list.push(m);
          runs.set(k, list);
          const p99 = m.p99Ms === undefined ? 'n/a' : `${m.p99Ms.toFixed(2)} ms`;
          const extra =
            m.errors === undefined
              ? ''
              : ` (p99 ${p99}, ${String(m.timeouts ?? 0)} timeouts, ${String(m.errors)} errors)`;
          o.log(`${progress}: ${m.value.toFixed(1)} ${w.unit}${extra}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failures.set(k, message);
          o.log(`${progress}: FAILED ${message}`);
        }
      }
    }
  }

  const results = new Map<string, Partial<Record<Impl, ImplResult>>>();
  for (const w of o.workloads) {
    const r: Partial<Record<Impl, ImplResult>> = {};
    for (const impl of o.impls) {
      const skip = unavailable(w, impl);
      const failed = failures.get(key(w, impl));
      const list = runs.get(key(w, impl)) ?? [];
      if (skip !== null) r[impl] = skip;
      else if (failed !== undefined) r[impl] = { status: 'failed', runs: list, note: failed };
      else r[impl] = implResultOf(list);
    }
    results.set(w.name, r);
  }

  const workloads = summarize(o.workloads, results);
  const cpuList = cpus();
  const bench: BenchResults = {
    date: new Date().toISOString(),
    conditions: {
      node: childNode,
      racket,
      benchNode: `Node ${process.version}`,
      wrk,
      lpClient: `Node ${process.version}`,
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      loadAverageBefore: loadBefore.map((x) => Number(x.toFixed(2))),
      loadAverageAfter: loadavg().map((x) => Number(x.toFixed(2))),
      network:
        'loopback (127.0.0.1); both ends in one process, or for a server workload the server ' +
        'in one and the load client (wrk, lp-client) in another',
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
  return `median of ${String(b.runs)} runs · ${String(c.node)} · ${String(c.cpus)} cores · ${b.date.slice(0, 10)}`;
}

export const BENCH_HELP = `usage: rnet bench [--small] [--runs N] [--only W,...] [--impl I,...] [--node PATH|MAJOR]
                  [--out DIR] [--docs DIR|none] [SIZE FLAGS]

Runs racket-net, raw node:net/node:dgram and Racket CS (when racket is on PATH) side by side
on loopback, interleaved, each measurement in fresh processes; prints the medians as a table
with the ratios racket-net / Node and racket-net / Racket CS, and writes DIR/results.json
(default bench-results/) and, with --docs, results.json and chart.svg there (npm run bench
writes docs/bench/). Server workloads (http-*, lp-*) run the server in one process and load it
from another: the HTTP rows with wrk (${WRK_INSTALL}; skipped without it), the
length-prefixed rows with the bench's own client (lp-client.js); they also report p99 latency,
timeouts and socket errors.

workloads: ${WORKLOADS.map((w) => w.name).join(', ')}
  --small           tiny sizes (what the test suite runs)
  --runs N          runs of each measurement; the median is reported (default 3)
  --only W,...      only these workloads; * matches any text (--only 'http-*,tcp-bulk*')
  --impl I,...      only these implementations (racket-net, node, racket)
  --node PATH|MAJOR run racket-net's and raw Node's processes under this node: a binary, or a
                    release line (24) that scripts/install-node.mjs installs (the load client
                    and this driver stay on the node that runs them)
size flags (also env BENCH_BULK_BYTES, BENCH_ROUNDS, BENCH_LOAD_MS, ...):
  ${Object.values(FLAG_NAMES).join(' N, ')} N
extra node flags for the children: env BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof")
`;

/** The workloads `patterns` name (`*` matches any text), in the benchmark's order. */
export function selectWorkloads(patterns: readonly string[]): WorkloadInfo[] {
  const regexps = patterns.map((p) => {
    const re = new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`);
    if (!WORKLOADS.some((w) => re.test(w.name))) {
      throw new Error(
        `--only: ${p} matches no workload (${WORKLOADS.map((w) => w.name).join(', ')})`,
      );
    }
    return re;
  });
  return WORKLOADS.filter((w) => regexps.some((re) => re.test(w.name)));
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Parses the command line, runs, prints the table; returns the exit code. */
export async function benchMain(argv: readonly string[]): Promise<number> {
  let small = false;
  let runs = 3;
  let only: string[] | null = null;
  let impls: Impl[] = [...IMPLS];
  let outDir: string | null = 'bench-results';
  let nodeSpec: string | null = null;
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
    else if (a === '--node') nodeSpec = value();
    else if (a === '--docs') {
      const d = value();
      docsDir = d === 'none' ? null : d;
    } else if (sizeKey !== undefined) sizeFlags[sizeKey] = positive(a, value());
    else throw new Error(`unknown option: ${a}`);
  }
  for (const impl of impls) {
    if (!IMPLS.includes(impl)) throw new Error(`--impl: unknown implementation ${impl}`);
  }
  const workloads = only === null ? WORKLOADS : selectWorkloads(only);
  const nodePath = nodeSpec === null ? undefined : resolveNode(nodeSpec);
  const sizes: Sizes = { ...sizesFromEnv(small ? SMALL_SIZES : FULL_SIZES), ...sizeFlags };
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((s) => s !== '');
  const result = await runBench({
    sizes,
    runs,
    impls,
    workloads,
    outDir,
    // Only a full run on the default node replaces the committed copies, unless --docs says so.
    docsDir:
      docsDir === undefined
        ? small || only !== null || nodeSpec !== null
          ? null
          : 'docs/bench'
        : docsDir,
    nodeArgs,
    ...(nodePath === undefined ? {} : { nodePath }),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const servers = formatServerTable(result.workloads);
  process.stdout.write(
    `\n${formatTable(result.workloads)}\n${servers === '' ? '' : `\n${servers}\n`}\n${chartSubtitle(result)}\n`,
  );
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
