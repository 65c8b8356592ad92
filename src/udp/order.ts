/**
 * Call order for one socket's operations. racket-net promises that operations on a socket take
 * effect in the order they were called, even when the caller does not await each one
 * (`udpBind(s, …)` then `udpReceive(s, …)` receives on the bound socket). An operation takes a
 * turn when it is called, waits for every earlier turn to finish, does its part (resolve a
 * name, change the socket's state, hand a datagram to the system) and finishes its turn before
 * any long wait for data, so a blocked receive never holds up the socket.
 */

export interface Turn {
  /** Settles once every earlier turn has finished. */
  readonly ready: Promise<void>;
  /** Lets the next turn go; idempotent, so every exit path may call it. */
  readonly finish: () => void;
}

export class OperationOrder {
  #tail: Promise<void> = Promise.resolve();
  #unfinished = 0;

  /** Runs whenever the last unfinished turn finishes (sends waiting on order retry). */
  readonly #onIdle: () => void;

  constructor(onIdle: () => void) {
    this.#onIdle = onIdle;
  }

  /** Whether an operation called earlier has not yet taken effect. */
  get busy(): boolean {
    return this.#unfinished > 0;
  }

  enter(): Turn {
    this.#unfinished++;
    const ready = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      this.#unfinished--;
      release();
      if (this.#unfinished === 0) this.#onIdle();
    };
    return { ready, finish };
  }
}
