/**
 * Runs the compiled `rnet` (dist/cli/main.js, found relative to this compiled file, so it works
 * wherever the build went) as a child process, with helpers to wait for its output and exit.
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const RNET_MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export interface RnetExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class RnetProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly #exited: Promise<RnetExit>;
  #listeners = new Set<() => void>();

  constructor(args: readonly string[], script = RNET_MAIN) {
    this.child = spawn(process.execPath, [script, ...args], { stdio: 'pipe' });
    this.child.stdout.setEncoding('utf8').on('data', (s: string) => {
      this.stdout += s;
      this.#notify();
    });
    this.child.stderr.setEncoding('utf8').on('data', (s: string) => {
      this.stderr += s;
      this.#notify();
    });
    // A child that exits before reading its stdin must not fail the test with EPIPE.
    this.child.stdin.on('error', () => {});
    this.#exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) =>
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr }),
      );
    });
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** Resolves with the first match of `pattern` in stdout or stderr (as chosen). */
  waitFor(
    stream: 'stdout' | 'stderr',
    pattern: RegExp,
    timeoutMs = 10_000,
  ): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = this[stream].match(pattern);
        if (match === null) return false;
        cleanup();
        resolve(match);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `rnet: no ${pattern} on ${stream} in ${timeoutMs} ms; ` +
              `stdout ${JSON.stringify(this.stdout)}, stderr ${JSON.stringify(this.stderr)}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      const listener = (): void => void check();
      if (check()) return;
      this.#listeners.add(listener);
      void this.#exited.then(() => {
        if (!check()) {
          cleanup();
          reject(
            new Error(
              `rnet exited without ${pattern} on ${stream}: ${JSON.stringify(this[stream])}; stderr ${JSON.stringify(this.stderr)}`,
            ),
          );
        }
      });
    });
  }

  /** The port from `listening on HOST:PORT`. */
  async listeningPort(): Promise<number> {
    const match = await this.waitFor('stderr', /listening on .*:(\d+)\n/);
    return Number(match[1]);
  }

  /** The exit, or a kill (and a rejection) after `timeoutMs`. */
  exited(timeoutMs = 10_000): Promise<RnetExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(
          new Error(`rnet did not exit in ${timeoutMs} ms; stderr ${JSON.stringify(this.stderr)}`),
        );
      }, timeoutMs);
    });
    return Promise.race([this.#exited, timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Sends SIGINT (Ctrl-C) and waits for the exit, which must be clean: code 0, and on stderr only
   * `listening on 127.0.0.1:PORT` followed by `summary` when one is given.
   */
  async interrupt(summary?: string): Promise<RnetExit> {
    this.child.kill('SIGINT');
    const exit = await this.exited();
    assert.equal(exit.code, 0, exit.stderr);
    const expected = summary === undefined ? '' : `${summary}\n`;
    assert.match(exit.stderr, /^listening on 127\.0\.0\.1:\d+\n/);
    assert.equal(exit.stderr.replace(/^[^\n]*\n/, ''), expected, exit.stderr);
    return exit;
  }

  /** Ends the test's hold on the child if it is still running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Runs `rnet args…` to the end with `input` on stdin. */
export async function runRnet(
  args: readonly string[],
  input = '',
  timeoutMs = 10_000,
): Promise<RnetExit> {
  const rnet = new RnetProcess(args);
  rnet.child.stdin.end(input);
  return rnet.exited(timeoutMs);
}

/**
 * `rnet listen listenArgs…` and `rnet connect connectArgs(port)…`: the client sends a line and
 * half-closes, then the listener answers on the half-open connection and closes. Checks what
 * each side printed and that both exit 0; returns the listener's exit.
 */
export async function listenConnectHalfClose(
  listenArgs: readonly string[],
  connectArgs: (port: number) => readonly string[],
): Promise<RnetExit> {
  const listener = new RnetProcess(['listen', ...listenArgs]);
  let client: RnetProcess | undefined;
  try {
    const port = await listener.listeningPort();
    client = new RnetProcess(['connect', ...connectArgs(port)]);
    // The client's stdin ends: it closes its output (FIN; close_notify first over TLS) but
    // keeps reading.
    client.child.stdin.end('from client\n');
    await listener.waitFor('stdout', /from client\n/);
    // After the client's FIN, the listener can still answer on the half-open connection.
    listener.child.stdin.end('from server\n');
    const clientExit = await client.exited();
    const listenerExit = await listener.exited();
    assert.equal(clientExit.stdout, 'from server\n');
    assert.equal(clientExit.code, 0, clientExit.stderr);
    assert.equal(listenerExit.stdout, 'from client\n');
    assert.equal(listenerExit.code, 0, listenerExit.stderr);
    return listenerExit;
  } finally {
    listener.kill();
    client?.kill();
  }
}
