/**
 * The listening side of `rnet listen` and `rnet echo`: TCP on a port, or a unix socket
 * (`--unix PATH`), behind one interface, so that both commands serve either the same way.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { tcpAccept } from '../tcp/accept.js';
import { tcpAddresses } from '../tcp/addresses.js';
import { tcpClose, tcpListen } from '../tcp/listener.js';
import { unixSocketAccept } from '../unix/accept.js';
import { unixSocketCloseListener, unixSocketListen } from '../unix/listener.js';
import { announceListening, announceListeningAt } from './announce.js';
import { type CommandOptions, expectPositionals } from './args.js';
import { UsageError } from './errors.js';

/** A listener as the commands use it. */
export interface StreamServer {
  /** The next connection (under the current custodian). */
  accept(): Promise<[InputPort, OutputPort]>;
  /** Closes the listener if it is still open (a unix socket's file is removed then). */
  close(): void;
}

/** Listens on TCP `port` at `host` (all addresses if `false`) and says so on stderr. */
export async function tcpServer(
  port: number,
  backlog: number,
  host: string | false,
): Promise<StreamServer> {
  const listener = await tcpListen(port, backlog, true, host);
  const [shownHost, realPort] = tcpAddresses(listener, true);
  announceListening(shownHost, realPort);
  return {
    accept: () => tcpAccept(listener),
    close: () => {
      if (!listener.isClosed) tcpClose(listener);
    },
  };
}

/** `--unix PATH` excludes a host, a port and `--udp`. */
export function checkUnixOptions(options: CommandOptions): string {
  if (options.udp) throw new UsageError('--unix cannot be combined with --udp');
  if (options.host !== undefined) throw new UsageError('--unix cannot be combined with --host');
  expectPositionals(options, []);
  return options.unix!;
}

/**
 * Listens on the unix socket `path` and says so on stderr (`listening on PATH`). The file is
 * removed when the server closes, as socat and `nc -lU` users expect of a command line tool
 * (the library itself never removes it, as Racket does not); a file already there is refused
 * (`errno: 98`), as they refuse it.
 */
export async function unixServer(path: string, backlog: number): Promise<StreamServer> {
  const listener = await unixSocketListen(path, backlog);
  announceListeningAt(path);
  let closed = false;
  return {
    accept: () => unixSocketAccept(listener),
    close: () => {
      if (closed) return;
      closed = true;
      unixSocketCloseListener(listener);
      try {
        if (lstatSync(path).isSocket()) unlinkSync(path);
      } catch {
        // Already gone.
      }
    },
  };
}
