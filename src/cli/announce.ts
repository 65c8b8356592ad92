/** The line scripts wait for: `listening on HOST:PORT` (the real port when 0 was asked for). */
export function announceListening(host: string, port: number): void {
  const shown = host.includes(':') ? `[${host}]` : host;
  process.stderr.write(`listening on ${shown}:${port}\n`);
}

/** The same line for a unix socket: `listening on PATH`. */
export function announceListeningAt(path: string): void {
  process.stderr.write(`listening on ${path}\n`);
}
