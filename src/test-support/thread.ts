/** Threads whose end a test inspects. */
import { type Thread, thread } from '../thread/thread.js';

/** How a thread's body ended: the value it returned, or what it raised. */
export type Outcome = { value: unknown } | { error: unknown };

/** What an outcome raised (undefined if it returned). */
export const raised = (o: Outcome): unknown => ('error' in o ? o.error : undefined);

/** Runs `body` in a thread and reports what it returned or raised (nothing, if it is killed). */
export function watched(body: () => unknown): { thread: Thread; outcome: Promise<Outcome> } {
  let settle!: (o: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  const t = thread(async () => {
    try {
      settle({ value: await body() });
    } catch (error) {
      settle({ error });
    }
  });
  return { thread: t, outcome };
}
