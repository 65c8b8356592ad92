/**
 * Helpers for the conformance suite: Racket's own test cases (`racket-test-core/tests/racket/`)
 * translated to racket-net through its public API only.
 */
import * as racketNet from '../index.js';

/** `(sync (system-idle-evt))`: lets every thread run until it blocks (and timers due now fire). */
export async function idle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A name racket-net does not export yet (issue 17 adds it). Tests of it are marked
 * `{ todo: 'missing: NAME' }` and fail here, with a TypeError, until it exists.
 */
export function missing(name: string): any {
  const exports = racketNet as Record<string, unknown>;
  if (!(name in exports)) throw new TypeError(`racket-net does not export ${name}`);
  return exports[name];
}

/** Returns what `promise` settles to, or `'pending'` if it has not settled after `idle()`. */
export async function settled<T>(promise: Promise<T>): Promise<T | 'pending'> {
  let result: T | 'pending' = 'pending';
  promise.then(
    (v) => (result = v),
    () => {},
  );
  await idle();
  return result;
}

/** An input port holding `bytes` then EOF, like `(open-input-bytes bytes)`, made with a pipe. */
export async function inputOf(bytes: string | Uint8Array): Promise<racketNet.InputPort> {
  const [i, o] = racketNet.makePipe();
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  await racketNet.writeBytes(b, o);
  await racketNet.closeOutputPort(o);
  return i;
}

/** `(bytes 1 2 3)` */
export const bytes = (...ns: number[]): Uint8Array => Uint8Array.from(ns);

/**
 * Runs `body` (the source of an async function of the racket-net module, `async (rn) => …`) in
 * a child Node process, for cases that may crash the process (a stack overflow escaping as an
 * unhandled rejection) or exhaust memory. Resolves to the value `body` returns (as JSON), or
 * rejects with the child's output if it fails, crashes or takes longer than `timeoutMs`.
 */
export async function inChildProcess(
  body: string,
  timeoutMs = 10000,
  maxOldSpaceMb = 512,
): Promise<unknown> {
  const { spawn } = await import('node:child_process');
  const index = new URL('../index.js', import.meta.url).href;
  const script =
    `const rn = await import(${JSON.stringify(index)});\n` +
    `const result = await (${body})(rn);\n` +
    `process.stdout.write(JSON.stringify(result ?? null));\n` +
    `process.exit(0);\n`;
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${maxOldSpaceMb}`, '--input-type=module', '-e', script],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on('exit', (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  if (code !== 0) {
    const lines = err.split('\n').filter((l) => !/^\s+at /.test(l));
    throw new Error(`child process ${signal ?? `exit ${code}`}: ${lines.slice(0, 8).join('\n')}`);
  }
  return JSON.parse(out);
}

/** Runs `body` as a racket-net thread, waits for it, and raises what it raised. */
export async function inThread<T>(body: () => Promise<T> | T): Promise<T> {
  let result: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  const t = racketNet.thread(async () => {
    try {
      result = { ok: true, value: await body() };
    } catch (error) {
      result = { ok: false, error };
    }
  });
  await racketNet.threadWait(t);
  if (!result) throw new Error('the thread was killed');
  if (!result.ok) throw result.error;
  return result.value;
}
