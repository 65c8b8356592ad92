/**
 * Example: a line-protocol server that starts in plaintext and upgrades with STARTTLS, as SMTP
 * and IMAP do.
 *   node dist/examples/starttls-server.js CERT KEY [PORT]
 *
 *   S: 220 ready               C: HELLO       S: 250 plain: HELLO
 *   C: STARTTLS                S: 220 go ahead     (both sides now handshake on the same socket)
 *   C: HELLO                   S: 250 tls: HELLO
 *   C: QUIT                    S: 221 bye
 *
 * The upgrade is one call, `portsToSslPorts(input, output, { mode: 'accept', context })`: it
 * returns new ports over the same connection, and the loop goes on reading lines from them.
 * Everything belongs to one custodian, so `stop()` closes the listener and every connection.
 */
import {
  closeInputPort,
  closeOutputPort,
  currentCustodian,
  custodianShutdownAll,
  flushOutput,
  type InputPort,
  isEofObject,
  makeCustodian,
  type OutputPort,
  parameterize,
  readLine,
  tcpAccept,
  tcpAddresses,
  tcpListen,
  thread,
  writeString,
} from '../index.js';
import { portsToSslPorts, type SslServerContext, sslMakeServerContext } from '../ssl/index.js';
import { isMainModule } from './run-main.js';

export interface Server {
  readonly port: number;
  stop(): void;
}

async function serve(input: InputPort, output: OutputPort, context: SslServerContext) {
  let secure = false;
  const say = async (line: string) => {
    await writeString(`${line}\r\n`, output);
    await flushOutput(output);
  };
  await say('220 ready');
  for (;;) {
    const line = await readLine(input, 'any');
    if (isEofObject(line)) break;
    if (line === 'QUIT') {
      await say('221 bye');
      break;
    }
    if (line !== 'STARTTLS') await say(`250 ${secure ? 'tls' : 'plain'}: ${line}`);
    else if (secure) await say('454 TLS already active');
    else {
      await say('220 go ahead');
      // The same connection, now as TLS ports: the handshake happens here.
      [input, output] = await portsToSslPorts(input, output, { mode: 'accept', context });
      secure = true;
    }
  }
  closeInputPort(input);
  await closeOutputPort(output);
}

export async function startStarttlsServer(
  certificate: string,
  privateKey: string,
  port = 0,
  host = '127.0.0.1',
): Promise<Server> {
  const context = sslMakeServerContext('auto', {
    certificateChain: certificate,
    privateKey: ['pem', privateKey],
  });
  const custodian = makeCustodian();
  return parameterize(currentCustodian, custodian, async () => {
    const listener = await tcpListen(port, 16, true, host);
    thread(async () => {
      for (;;) {
        const [input, output] = await tcpAccept(listener);
        // A client that fails its handshake or goes away ends its own thread only.
        thread(() => serve(input, output, context).catch(() => {}));
      }
    });
    const [, actualPort] = tcpAddresses(listener, true);
    return { port: actualPort, stop: () => custodianShutdownAll(custodian) };
  });
}

if (isMainModule(import.meta.url)) {
  const [cert, key, port] = process.argv.slice(2);
  if (cert === undefined || key === undefined) {
    console.error('usage: node dist/examples/starttls-server.js CERT KEY [PORT]');
    process.exit(2);
  }
  const server = await startStarttlsServer(cert, key, Number(port ?? 0));
  console.log(`STARTTLS server on 127.0.0.1:${server.port} (Ctrl-C stops it)`);
}
