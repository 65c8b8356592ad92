/**
 * What the micro-benchmark operations share: their timing and measurement, the data they move
 * (16-byte lines, a byte pattern) and the checks on it, and running a body in a thread.
 */
import { type InputPort, isEofObject, readBytesAvail, thread, threadWait } from '../../index.js';

/** How long an operation runs: first `warmupMs` unmeasured, then `ms` measured. */
export interface Timing {
  readonly ms: number;
  readonly warmupMs: number;
}

/** One measurement of one operation. */
export interface OpMeasurement {
  /** Operations per second over the measured time. */
  readonly value: number;
  /** Operations in the measured time. */
  readonly count: number;
  /** The measured time, in milliseconds. */
  readonly ms: number;
  /** Operations done in all, warm-up included: the data checks cover every one of them. */
  readonly items: number;
  /**
   * What the last operation produced, for an outside check: the last line read (without its
   * newline), the last byte, the first byte of the last 16, the last value echoed; for the two
   * writes, the bytes the reading side received in all (16 per write).
   */
  readonly last: string | number;
}

/** Lines are `line-NNNNNNNNNN\n` (16 bytes), cycling through `LINE_KINDS` of them. */
export const LINE_KINDS = 64;
/** Line `i` without its newline (15 characters). */
export const lineText = (i: number): string => `line-${String(i % LINE_KINDS).padStart(10, '0')}`;
export const LINE_TEXTS: readonly string[] = Array.from({ length: LINE_KINDS }, (_, i) =>
  lineText(i),
);
export const LINES: readonly string[] = LINE_TEXTS.map((s) => `${s}\n`);
/** The lines' bytes, end to end (1024 bytes); byte `k` of the stream is `PATTERN[k % 1024]`. */
export const PATTERN = new TextEncoder().encode(LINES.join(''));
export const PATTERN_MASK = PATTERN.length - 1;
/** The 16-byte chunks `writeBytes` writes: chunk `i` is line `i`'s bytes. */
export const CHUNKS: readonly Uint8Array[] = LINES.map((_, i) =>
  PATTERN.subarray(16 * i, 16 * i + 16),
);

/** Lines written into the pipe at a time, before reading them (untimed): 256 KiB. */
export const FILL_LINES = 16_384;
export const FILL_TEXT = LINES.join('').repeat(FILL_LINES / LINE_KINDS);
/** Bytes written into the pipe at a time for the byte reads (untimed): byte `k` is `k & 255`. */
export const FILL_BYTES = 256 * 1024;
export const BYTE_FILL = Uint8Array.from({ length: FILL_BYTES }, (_, k) => k & 255);
/** Operations between two readings of the clock. */
export const BATCH = 256;
/** The pipe limit for the producer/consumer operations, in bytes (Racket's too). */
export const PIPE_LIMIT = 4096;

export const now = (): number => performance.now();

/** Counts operations and time, the warm-up apart; says when the measured time is over. */
export class Meter {
  #warm = false;
  #count = 0;
  #ms = 0;
  items = 0;

  constructor(private readonly t: Timing) {}

  /** `n` more operations took `ms`; true once the measured time is over. */
  add(n: number, ms: number): boolean {
    this.items += n;
    this.#count += n;
    this.#ms += ms;
    if (!this.#warm && this.#ms >= this.t.warmupMs) {
      this.#warm = true;
      this.#count = 0;
      this.#ms = 0;
      return this.t.ms <= 0;
    }
    return this.#warm && this.#ms >= this.t.ms;
  }

  result(last: string | number): OpMeasurement {
    const ms = this.#ms;
    return {
      value: ms > 0 ? (this.#count * 1000) / ms : 0,
      count: this.#count,
      ms,
      items: this.items,
      last,
    };
  }
}

export function mismatch(op: string, i: number, got: unknown, expected: unknown): Error {
  return new Error(
    `${op}: operation ${String(i)} got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
  );
}

/** Runs `body` as a racket-net thread and gives its result (or raises its exception). */
export async function inThread<T>(body: () => Promise<T>): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
  const t = thread(async () => {
    try {
      outcome = { ok: true, value: await body() };
    } catch (error) {
      outcome = { ok: false, error };
    }
  });
  await threadWait(t);
  const o = outcome as { ok: true; value: T } | { ok: false; error: unknown } | null;
  if (o === null) throw new Error('the benchmark thread ended without a result');
  if (!o.ok) throw o.error;
  return o.value;
}

/** Checks bytes `chunk[0…n)` read from a stream of lines at stream offset `offset`. */
export function checkStream(op: string, chunk: Uint8Array, n: number, offset: number): void {
  if (
    chunk[0] !== PATTERN[offset & PATTERN_MASK] ||
    chunk[n - 1] !== PATTERN[(offset + n - 1) & PATTERN_MASK]
  ) {
    throw mismatch(
      op,
      offset,
      [chunk[0], chunk[n - 1]],
      [PATTERN[offset & PATTERN_MASK], PATTERN[(offset + n - 1) & PATTERN_MASK]],
    );
  }
}

/** A thread reading `inp` to EOF in 64 KiB reads, checking the line stream; resolves to bytes read. */
export function drain(op: string, inp: InputPort): { done: Promise<number> } {
  let total = 0;
  const t = thread(async () => {
    const buffer = new Uint8Array(64 * 1024);
    for (;;) {
      const n = await readBytesAvail(buffer, inp);
      if (isEofObject(n)) break;
      checkStream(op, buffer, n, total);
      total += n;
    }
  });
  return { done: threadWait(t).then(() => total) };
}
