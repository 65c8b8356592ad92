/**
 * The skeleton of a soak child (`child-soak.ts`, `child-tls.ts`, run with `--expose-gc`): warm
 * up, take a baseline, run iterations for a count or a time, and measure again how far the open
 * sockets, the active network handles, a custodian's managed list and the heap (after `gc()`)
 * moved from where they started.
 */
import { type Custodian, custodianManagedList } from '../index.js';
import { networkHandles, openSockets, settleHandles, totalHandles } from './support.js';

const gc = (globalThis as { gc?: () => void }).gc;

/** The heap in use after three rounds of timers and `gc()`. */
async function settleHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 20));
    gc!();
  }
  return process.memoryUsage().heapUsed;
}

export interface SoakOptions {
  /** Iterations run before the baseline (module caches, JIT, one round of everything). */
  readonly warmUp: number;
  /** Stop after this many measured iterations or this many seconds, whichever comes first. */
  readonly iterations: number;
  readonly seconds: number;
  /** Iteration `i` (0 to `warmUp` - 1 warm up, then `warmUp` on). */
  readonly iteration: (i: number) => Promise<void>;
  /** Whose managed list (as seen from `root`) must not grow. */
  readonly parent: Custodian;
  readonly root: Custodian;
  /** Waits until the work of the iterations so far is all done: after the warm-up and the run. */
  readonly quiesce?: () => Promise<void>;
}

export interface SoakFigures {
  readonly iterations: number;
  readonly elapsedMs: number;
  readonly socketsLeaked: number;
  readonly handlesLeaked: number;
  readonly managedListGrowth: number;
  readonly heapBefore: number;
  readonly heapAfter: number;
  readonly heapGrowth: number;
}

/** Runs the soak; throws unless the process runs with `--expose-gc`. */
export async function soak(o: SoakOptions): Promise<SoakFigures> {
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < o.warmUp; i++) await o.iteration(i);
  await o.quiesce?.();
  const socketsBefore = openSockets();
  const handlesBefore = totalHandles(networkHandles());
  const managedBefore = custodianManagedList(o.parent, o.root).length;
  const heapBefore = await settleHeap();

  const started = Date.now();
  let done = 0;
  while (done < o.iterations && Date.now() - started < o.seconds * 1000) {
    await o.iteration(o.warmUp + done++);
  }
  const elapsedMs = Date.now() - started;
  await o.quiesce?.();

  const handlesAfter = await settleHandles(handlesBefore);
  const socketsAfter = openSockets();
  const managedAfter = custodianManagedList(o.parent, o.root).length;
  const heapAfter = await settleHeap();
  return {
    iterations: done,
    elapsedMs,
    socketsLeaked: socketsAfter - socketsBefore,
    handlesLeaked: handlesAfter - handlesBefore,
    managedListGrowth: managedAfter - managedBefore,
    heapBefore,
    heapAfter,
    heapGrowth: heapAfter - heapBefore,
  };
}
