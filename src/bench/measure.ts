/** Timing and memory helpers shared by the workloads. */
import { setTimeout as delay } from 'node:timers/promises';

export const elapsedMs = (start: number): number => performance.now() - start;

/** `amount` per second over `ms` milliseconds. */
export const rate = (amount: number, ms: number): number => (amount * 1000) / ms;

/**
 * Resident set size once the process is quiet: garbage collected (when `--expose-gc` gave us
 * `gc`) and settled, so that two readings differ by what is still referenced.
 */
export async function idleRss(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    await delay(50);
    gc?.();
  }
  await delay(50);
  return process.memoryUsage.rss();
}
