/** The `--udp` forms of `connect`, `listen` and `echo` (placeholder until racket-net/udp lands). */
import { UsageError } from './errors.js';

function unavailable(): never {
  throw new UsageError('--udp: UDP is not available in this build');
}

export async function udpConnectCommand(
  _host: string,
  _port: number,
  _wait: string | undefined,
): Promise<number> {
  unavailable();
}

export async function udpListenCommand(_host: string | false, _port: number): Promise<number> {
  unavailable();
}

export async function udpEchoCommand(
  _host: string | false,
  _port: number,
  _stats: EchoStats,
): Promise<number> {
  unavailable();
}

export interface EchoStats {
  connections: number;
  bytes: number;
}
