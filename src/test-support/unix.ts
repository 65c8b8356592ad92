/** Shared helpers for the unix-socket tests: socket paths in a temp dir, abstract names, socat. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExnFail } from '../exn/exn.js';
import { unixSocketConnect } from '../unix/connect.js';
import { pause } from './async.js';

let count = 0;

/**
 * A fresh directory for socket files (short: a socket path must fit in 108 bytes), removed by
 * `after` when the file's tests are done. Returns a function giving a new path in it.
 */
export function useSocketDir(after: (fn: () => void) => void): (name?: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'rnet-unix-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return (name = `s${++count}.sock`) => join(dir, name);
}

/** A fresh abstract name (Linux): a byte string starting with 0. */
export function abstractName(): Uint8Array {
  return new TextEncoder().encode(`\0rnet-test-${process.pid}-${++count}`);
}

/** An abstract name's text after its leading 0, as socat's `ABSTRACT-…` and the Racket programs take it. */
export function abstractText(name: Uint8Array): string {
  return new TextDecoder().decode(name.subarray(1));
}

/**
 * Connects to a socket whose listener (socat, a Racket program started just before) may not be
 * up yet: retries every 20 ms, about 6 s at most.
 */
export async function connectWhenUp(
  path: string | Uint8Array,
): ReturnType<typeof unixSocketConnect> {
  for (let i = 0; ; i++) {
    try {
      return await unixSocketConnect(path);
    } catch (e) {
      if (i > 300 || !(e instanceof ExnFail)) throw e;
      await pause(20);
    }
  }
}

/**
 * Whether Node gives abstract names to the kernel exactly (libuv 1.48 and later: Node 22+).
 * Node 20's libuv pads them with NULs to 108 bytes, so other programs cannot reach them.
 */
export function exactAbstractNames(): boolean {
  const [major = 0, minor = 0] = process.versions.uv.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 48);
}

let socat: boolean | undefined;

/** The `skip` option for a test that needs `socat`: a reason where it is missing, else false. */
export function skipWithoutSocat(): string | false {
  if (socat === undefined) {
    try {
      execFileSync('socat', ['-V'], { stdio: 'ignore', timeout: 10_000 });
      socat = true;
    } catch {
      socat = false;
    }
  }
  return socat ? false : 'socat is not installed: test skipped (apt-get install socat)';
}
