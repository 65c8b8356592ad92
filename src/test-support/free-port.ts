/** Loopback port numbers that nothing is using, for tests that need one before they listen. */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A `protocol` port on `host` that was free a moment ago: Node binds port 0 there, notes the
 * port and closes. Nothing listens on it, until the test does (Racket listens with reuse).
 */
export function freePort(protocol: 'tcp' | 'udp' = 'tcp', host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    if (protocol === 'udp') {
      const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', reject);
      socket.bind(0, host, () => {
        const { port } = socket.address();
        socket.close(() => resolve(port));
      });
    } else {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, host, () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    }
  });
}
