/** Helpers for tests of asynchronous, thread-like code. */

/**
 * Lets every queued microtask and already-due callback run: racket-net threads start in
 * microtasks and block in syncs, so after one turn each of them has reached its next wait.
 */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Lets pending work run, then `ms` milliseconds of timers, then what they started. */
export async function pause(ms = 10): Promise<void> {
  await flush();
  await new Promise((resolve) => setTimeout(resolve, ms));
  await flush();
}

/**
 * Whether `promise` is still unsettled after a `pause` (long enough for a misbehaving 1 ms
 * timer to have fired).
 */
export async function isPending(promise: Promise<unknown>, ms = 10): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await pause(ms);
  return !settled;
}

/** Collects what is written to `process.stderr` while `body` runs (and its promise settles). */
export async function captureStderr(body: () => Promise<void>): Promise<string> {
  const original = process.stderr.write;
  let text = '';
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  try {
    await body();
  } finally {
    process.stderr.write = original;
  }
  return text;
}
