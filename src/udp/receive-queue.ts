/**
 * The datagrams a socket has received and not yet handed to a `udpReceive`.
 *
 * Node reads every datagram from the kernel as soon as it arrives, so this queue plays the part
 * of the kernel's receive buffer and is bounded the same way: by bytes, not by count. Each
 * datagram is charged its length plus `DATAGRAM_OVERHEAD` (a kernel charges a few hundred
 * bytes of bookkeeping per buffered packet, which also bounds a flood of empty datagrams), and
 * the bound is the socket's `SO_RCVBUF` as the kernel reports it (Linux: 212992 bytes unless
 * `udpSetReceiveBufferSize` changed it). A datagram that would take the queue past its bound is
 * dropped and counted, as the kernel drops what does not fit; a datagram always fits in an empty
 * queue, so even one larger than a small buffer can be received.
 */

/** Bytes charged per datagram on top of its payload. */
export const DATAGRAM_OVERHEAD = 256;

/** The bound before the socket is bound and its buffer size can be read (Linux's default). */
export const DEFAULT_RECEIVE_BUFFER = 212992;

export interface Datagram {
  readonly data: Uint8Array;
  readonly address: string;
  readonly port: number;
}

export class ReceiveQueue {
  #items: (Datagram | undefined)[] = [];
  #head = 0;
  #bytes = 0;
  /** Bytes the queue may hold (the socket's receive buffer size). */
  limit = DEFAULT_RECEIVE_BUFFER;
  /** Datagrams dropped because the queue was full. */
  dropped = 0;

  get isEmpty(): boolean {
    return this.#head === this.#items.length;
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Queues `datagram`, or drops it if it does not fit; returns whether it was queued. */
  offer(datagram: Datagram): boolean {
    const charge = datagram.data.length + DATAGRAM_OVERHEAD;
    if (!this.isEmpty && this.#bytes + charge > this.limit) {
      this.dropped++;
      return false;
    }
    this.#items.push(datagram);
    this.#bytes += charge;
    return true;
  }

  /** The oldest datagram, removed from the queue. */
  take(): Datagram | undefined {
    if (this.isEmpty) return undefined;
    const datagram = this.#items[this.#head]!;
    this.#items[this.#head++] = undefined;
    this.#bytes -= datagram.data.length + DATAGRAM_OVERHEAD;
    // Compact now and then so a long-lived socket does not keep a long array of holes.
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return datagram;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
  }
}
