/**
 * Example: a small HTTP/1.0 responder, written as a Racket programmer would write it.
 *   node dist/examples/http-responder.js [PORT]      then: curl -i http://127.0.0.1:PORT/hello
 *
 * It answers every request with its method and path, then the body it was sent. It shows the
 * port library: `readLine` for the request line and headers, `makeLimitedInputPort` so the body
 * is exactly `Content-Length` bytes (what follows is the next request), `fprintf` and
 * `withOutputToBytes` for the reply, `portCountLines` to say where a bad request went wrong, and
 * `await using` to close the connection's ports however its thread ends.
 */
import {
  currentCustodian,
  custodianShutdownAll,
  display,
  format,
  fprintf,
  type InputPort,
  isEofObject,
  makeCustodian,
  makeLimitedInputPort,
  type OutputPort,
  parameterize,
  portCountLines,
  portNextLocation,
  portToBytes,
  printf,
  readLine,
  tcpAccept,
  tcpAddresses,
  tcpListen,
  thread,
  withOutputToBytes,
} from '../index.js';
import { isMainModule } from './run-main.js';
import { type Server } from './echo-server.js';

/** A server that `await using` stops, as `stop()` does. */
export interface DisposableServer extends Server {
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startHttpResponder(port = 0, host = '127.0.0.1'): Promise<DisposableServer> {
  const custodian = makeCustodian();
  return parameterize(currentCustodian, custodian, async () => {
    const listener = await tcpListen(port, 16, true, host);
    thread(async () => {
      for (;;) {
        const [input, output] = await tcpAccept(listener);
        thread(async () => {
          // Disposed in reverse order, however `serve` ends: the input is closed, then the
          // output is flushed and closed (the client sees the reply, then EOF).
          await using out = output;
          using inp = input;
          await serve(inp, out);
        });
      }
    });
    const [, actualPort] = tcpAddresses(listener, true);
    return {
      port: actualPort,
      stop: () => custodianShutdownAll(custodian),
      [Symbol.asyncDispose]: () => custodian[Symbol.asyncDispose](),
    };
  });
}

/** Answers the requests on one connection, until one does not ask to keep it alive. */
async function serve(input: InputPort, output: OutputPort): Promise<void> {
  portCountLines(input); // so that a bad request can be answered with its line number
  for (;;) {
    const requestLine = await readLine(input, 'any'); // CR LF, as HTTP says; a bare LF too
    if (isEofObject(requestLine)) return;
    const request = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(requestLine);
    if (request === null) return badRequest(input, output, 'bad request line');
    const [, method, path] = request;

    const headers = new Map<string, string>();
    for (;;) {
      const line = await readLine(input, 'any');
      if (isEofObject(line)) return; // the client went away mid-request: nobody to answer
      if (line === '') break;
      const header = /^([^\s:]+):\s*(.*?)\s*$/.exec(line);
      if (header === null) return badRequest(input, output, 'bad header');
      const name = header[1]!.toLowerCase();
      const value = header[2]!;
      if (name === 'content-length' && !/^\d{1,15}$/.test(value)) {
        return badRequest(input, output, 'bad Content-Length');
      }
      headers.set(name, value);
    }
    const length = Number(headers.get('content-length') ?? 0);

    // The limited port gives EOF after the body, and takes no byte of the next request.
    const body = await portToBytes(makeLimitedInputPort(input, length, false));
    if (body.length < length) return; // EOF inside the body

    const keepAlive = headers.get('connection')?.toLowerCase() === 'keep-alive';
    const reply = await withOutputToBytes(async () => {
      await printf('~a ~a~n', method, path);
      await display(body);
    });
    await fprintf(
      output,
      'HTTP/1.0 ~a OK\r\nContent-Type: text/plain\r\nContent-Length: ~a\r\n~a\r\n',
      200,
      reply.length,
      keepAlive ? 'Connection: keep-alive\r\n' : '',
    );
    await display(reply, output);
    if (!keepAlive) return;
  }
}

/** A 400 naming the line that was wrong; then the connection closes, as nothing after it can be trusted. */
async function badRequest(input: InputPort, output: OutputPort, why: string): Promise<void> {
  // The line just read, counted from the connection's first line (CR LF is one line break).
  const [nextLine] = portNextLocation(input);
  const text = format('line ~a: ~a~n', Number(nextLine) - 1, why);
  await fprintf(
    output,
    'HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: ~a\r\n\r\n~a',
    Buffer.byteLength(text),
    text,
  );
}

if (isMainModule(import.meta.url)) {
  const server = await startHttpResponder(Number(process.argv[2] ?? 0));
  console.log(`HTTP responder on 127.0.0.1:${server.port} (Ctrl-C stops it)`);
}
