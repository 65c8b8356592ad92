/**
 * Shared pieces of the reliability suite: the short/long switch, running a scenario script in a
 * child process (where a crash, an unhandled rejection or an `'error'` event nobody handles
 * would be visible), counting open handles, and recording the figures the suite reports
 * (`RACKET_NET_RELIABILITY_LOG`).
 *
 * Scripts are found beside this compiled file (`import.meta.url`), so the suite runs the same
 * from `dist/` and from any other output folder.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `RACKET_NET_STRESS=long` selects the long form (`npm run test:stress`). */
export const LONG = process.env.RACKET_NET_STRESS === 'long';

/** `short` in `npm test`, `long` under `RACKET_NET_STRESS=long`. */
export function scale<T>(short: T, long: T): T {
  return LONG ? long : short;
}

/** Where figures are appended (one JSON object a line), if `RACKET_NET_RELIABILITY_LOG` is set. */
export function recordFigures(test: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ test, long: LONG, ...figures });
  const file = process.env.RACKET_NET_RELIABILITY_LOG;
  if (file) appendFileSync(file, line + '\n');
  else process.stdout.write(`# reliability ${line}\n`);
}

export interface ScriptResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The object the script printed on its last `RESULT {…}` line. */
  readonly result: Record<string, unknown>;
}

export interface ScriptOptions {
  readonly nodeFlags?: readonly string[];
  /** Runs the child under `bash -c 'ulimit -n N; exec node …'`. */
  readonly ulimit?: number;
  readonly timeoutMs?: number;
  readonly env?: Record<string, string>;
}

/** The compiled scenario script `name` (`child-faults` → `./child-faults.js`). */
export function scriptPath(name: string): string {
  return fileURLToPath(new URL(`./${name}.js`, import.meta.url));
}

/** Runs a compiled scenario script to its end in a fresh Node process. */
export function runScript(
  name: string,
  args: readonly string[] = [],
  options: ScriptOptions = {},
): Promise<ScriptResult> {
  const nodeArgs = [...(options.nodeFlags ?? []), scriptPath(name), ...args];
  const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
  const [command, argv] =
    options.ulimit === undefined
      ? [process.execPath, nodeArgs]
      : [
          'bash',
          [
            '-c',
            `ulimit -n ${options.ulimit} && exec ${[process.execPath, ...nodeArgs].map(quote).join(' ')}`,
          ],
        ];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const line = stdout
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('RESULT '));
      const result = line
        ? (JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>)
        : {};
      resolve({ status, signal, stdout, stderr, result });
    });
  });
}

/** The script exited by itself with 0, printed a result, and nothing went unhandled. */
export function assertCleanExit(run: ScriptResult): void {
  const detail = `status ${run.status}, signal ${run.signal}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
  assert.equal(run.signal, null, detail);
  assert.equal(run.status, 0, detail);
  assert.doesNotMatch(run.stderr, /Unhandled|uncaught/i, detail);
  assert.ok(run.stdout.includes('RESULT '), detail);
}

/** Prints the scenario's result where `runScript` finds it. */
export function printResult(result: Record<string, unknown>): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

/** How many of each kind of network handle (TCP, pipe, UDP) the process holds. */
export function networkHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (!/TCP|UDP|Pipe/.test(kind)) continue;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

export function totalHandles(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Waits (up to `ms`) until the process holds at most `baseline` network handles. */
export async function settleHandles(baseline: number, ms = 5000): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const now = totalHandles(networkHandles());
    if (now <= baseline || Date.now() > deadline) return now;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A byte string of `length` bytes, different for each `seed` (so misrouted data shows). */
export function patternBytes(seed: number, length: number): Uint8Array {
  const b = new Uint8Array(length);
  let x = (seed * 2654435761 + 1) >>> 0;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

/** How many sockets the process holds open (`/proc/self/fd`; counts paused ones too). */
export function openSockets(): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) count++;
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return count;
}
