/**
 * The benchmark's child processes: a measurement or a load client that prints one JSON line as
 * it ends, and a server that prints one as it starts listening and serves until its stdin closes.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';

/** `argv` as a command and its arguments, run under the hard `ulimit -n` if `manyFds`. */
function command(argv: readonly string[], manyFds: boolean): [string, string[]] {
  return manyFds
    ? ['bash', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'bench', ...argv]]
    : [argv[0]!, argv.slice(1)];
}

/** The last lines of a child's stderr, for an error message. */
const tail = (stderr: string): string => stderr.trim().split('\n').slice(-3).join(' | ');

/** Runs `argv` to its end and parses the JSON object on the last line of its stdout. */
export function runForJson<T>(argv: readonly string[], manyFds = false): Promise<T> {
  const [cmd, args] = command(argv, manyFds);
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
        resolvePromise(JSON.parse(last) as T);
      } else {
        reject(new Error(`exit ${String(code ?? signal)}: ${tail(stderr)}`));
      }
    });
  });
}

/** A server child that is listening. */
export interface RunningServer<T> {
  /** The JSON line it printed once listening. */
  readonly ready: T;
  /** Closes its stdin and waits for it to exit (killing it after 5 s); returns its stderr. */
  stop(): Promise<string>;
}

/** Starts the server `argv` and waits for the JSON line it prints once it listens. */
export async function startServerChild<T>(
  argv: readonly string[],
  manyFds: boolean,
): Promise<RunningServer<T>> {
  const [cmd, args] = command(argv, manyFds);
  const child: ChildProcessWithoutNullStreams = spawn(cmd, args, { stdio: 'pipe' });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const stop = async (): Promise<string> => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    return stderr;
  };
  const firstLine = new Promise<string>((resolveLine) => {
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const newline = stdout.indexOf('\n');
      if (newline >= 0) resolveLine(stdout.slice(0, newline));
    });
  });
  const line = await Promise.race([
    firstLine,
    exited.then(([code, signal]) => {
      throw new Error(`server exit ${String(code ?? signal)} before listening: ${tail(stderr)}`);
    }),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('server did not start in 30 s')), 30_000).unref(),
    ),
  ]).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return { ready: JSON.parse(line) as T, stop };
}
