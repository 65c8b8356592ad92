/** Shared helpers for the TCP tests: loopback listeners and connected pairs. */
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { tcpAccept } from '../tcp/accept.js';
import { tcpAddresses } from '../tcp/addresses.js';
import { tcpConnect } from '../tcp/connect.js';
import { type TcpListener, tcpListen } from '../tcp/listener.js';

export interface Pair {
  readonly listener: TcpListener;
  readonly port: number;
  /** Client side. */
  readonly ci: InputPort;
  readonly co: OutputPort;
  /** Server side. */
  readonly si: InputPort;
  readonly so: OutputPort;
}

export async function listenLoopback(
  host = '127.0.0.1',
  maxAllowWait = 4,
): Promise<[TcpListener, number]> {
  const listener = await tcpListen(0, maxAllowWait, false, host);
  return [listener, tcpAddresses(listener, true)[1]];
}

export async function connectedPair(host = '127.0.0.1'): Promise<Pair> {
  const [listener, port] = await listenLoopback(host);
  const [ci, co] = await tcpConnect(host, port);
  const [si, so] = await tcpAccept(listener);
  return { listener, port, ci, co, si, so };
}

/** Waits (up to `ms`) until `listener` has an unaccepted client; Node accepts asynchronously. */
export async function waitUntilReady(listener: TcpListener, count = 1, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (listener.pendingCount < count) {
    if (Date.now() > deadline) throw new Error(`only ${listener.pendingCount} clients waiting`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
