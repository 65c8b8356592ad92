/**
 * Runs a Racket program for differential tests: the same scenario in Racket CS and in
 * racket-net, compared on what each observes. Tests call `racketAvailable()` and skip with a
 * visible message where `racket` is not installed (CI installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let available: boolean | undefined;

export function racketAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync('racket', ['-e', '(void)'], { stdio: 'ignore', timeout: 30_000 });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** The `skip` option for a differential test: a reason where racket is missing, else false. */
export function skipWithoutRacket(): string | false {
  return racketAvailable()
    ? false
    : 'racket is not installed: differential test skipped (apt-get install racket)';
}

/**
 * Runs `source` (a whole `#lang racket/base` module) and returns its stdout.
 * `args` become the command line (`current-command-line-arguments`), e.g. a port number.
 */
export function runRacket(
  source: string,
  args: readonly string[] = [],
  timeoutMs = 30_000,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'racket-net-diff-'));
  try {
    const file = join(dir, 'scenario.rkt');
    writeFileSync(file, source);
    const result = spawnSync('racket', [file, ...args], { encoding: 'utf8', timeout: timeoutMs });
    if (result.error) throw result.error;
    if (result.status !== 0) {
      throw new Error(`racket exited with ${result.status}: ${result.stderr}`);
    }
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Async variant, for scenarios where racket-net and Racket talk to each other over loopback. */
export async function runRacketAsync(
  source: string,
  args: readonly string[] = [],
  timeoutMs = 30_000,
): Promise<string> {
  const { spawn } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'racket-net-diff-'));
  const file = join(dir, 'scenario.rkt');
  writeFileSync(file, source);
  try {
    return await new Promise<string>((resolve, reject) => {
      const child = spawn('racket', [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`racket exited with ${code}: ${err}`));
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
