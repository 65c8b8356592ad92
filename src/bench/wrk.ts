/**
 * Runs `wrk` (https://github.com/wg/wrk; Debian package `wrk`) against a local HTTP server. A
 * Lua script written to a temporary file at run time prints wrk's summary as one JSON line at
 * the end and, when pipelining, sends that many requests in each write, as wrk's own
 * `scripts/pipeline.lua` does.
 *
 * wrk measures no latency when pipelining: it records one latency per batch but corrects for
 * coordinated omission as if every response were a batch, and its percentiles then come out 0
 * (wg/wrk#236). Pipelined rows report no p99.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Measurement } from './config.js';
import { rate } from './measure.js';
import { runForJson } from './processes.js';

/** How to get wrk, for the message when it is missing. */
export const WRK_INSTALL =
  'apt-get install wrk (Debian/Ubuntu), or build it from github.com/wg/wrk';

/** wrk's version line (`wrk 4.1.0 [epoll]`…), or `null` when `wrk` is not on PATH. */
export function wrkVersion(): string | null {
  // `wrk --version` prints its banner and usage, and exits 1.
  const r = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (r.error !== undefined) return null;
  const m = /^wrk (\S+)(?: \[(\w+)\])?/m.exec(`${r.stdout}${r.stderr}`);
  if (m === null) return null;
  return `wrk ${m[1]!}${m[2] === undefined ? '' : ` [${m[2]}]`}`;
}

/** The Lua script: pipelining (when `pipeline` > 1) and the JSON summary. */
function script(pipeline: number): string {
  const pipelining =
    pipeline <= 1
      ? ''
      : `
init = function(args)
  local r = {}
  for i = 1, ${String(pipeline)} do r[i] = wrk.format(nil, "/") end
  req = table.concat(r)
end
request = function() return req end
`;
  const p99 = pipeline <= 1 ? 'latency:percentile(99)' : '-1';
  return `${pipelining}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"p99Us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, ${p99},
    e.connect, e.read, e.write, e.status, e.timeout))
end
`;
}

/** What the script prints. */
interface WrkSummary {
  readonly requests: number;
  readonly durationUs: number;
  /** -1 when pipelining (see above). */
  readonly p99Us: number;
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  readonly status: number;
  readonly timeout: number;
}

/** wrk's load on one connection count and pipelining depth. */
export interface WrkLoad {
  readonly port: number;
  readonly connections: number;
  /** Requests sent in one write (1: no pipelining). */
  readonly pipeline: number;
  /** How long to run, in ms (wrk counts whole seconds: at least one). */
  readonly ms: number;
  readonly manyFds: boolean;
}

/** Runs `wrk -t1 -cN -dS --timeout 2s --latency` against 127.0.0.1:port. */
export async function runWrk(load: WrkLoad): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), 'rnet-wrk-'));
  try {
    const file = join(dir, 'bench.lua');
    writeFileSync(file, script(load.pipeline));
    const seconds = Math.max(1, Math.round(load.ms / 1000));
    const s = await runForJson<WrkSummary>(
      [
        'wrk',
        '-t1',
        `-c${String(load.connections)}`,
        `-d${String(seconds)}s`,
        '--timeout',
        '2s',
        '--latency',
        '-s',
        file,
        `http://127.0.0.1:${String(load.port)}/`,
      ],
      load.manyFds,
    );
    const ms = s.durationUs / 1000;
    return {
      value: rate(s.requests, ms),
      count: s.requests,
      ms,
      ...(s.p99Us < 0 ? {} : { p99Ms: s.p99Us / 1000 }),
      timeouts: s.timeout,
      errors: s.connect + s.read + s.write + s.status,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
