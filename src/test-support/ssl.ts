/**
 * Shared helpers for the TLS tests: contexts over the fixtures (`tls.ts`), a racket-net SSL
 * listener on loopback, connected SSL pairs, and the `openssl` / `curl` command-line peers
 * (tests skip with a visible message where a tool is missing).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { type InputPort } from '../port/input-port.js';
import { type OutputPort } from '../port/output-port.js';
import { sslAccept } from '../ssl/accept.js';
import { sslAddresses } from '../ssl/addresses.js';
import { sslLoadCertificateChain, sslLoadPrivateKey } from '../ssl/certificates.js';
import { sslConnect } from '../ssl/connect.js';
import { type SslClientContext, type SslServerContext } from '../ssl/context-core.js';
import { type SslListener, sslListen } from '../ssl/listener.js';
import { sslMakeClientContext, sslMakeServerContext } from '../ssl/make.js';
import { sslSetVerify, sslSetVerifyHostname } from '../ssl/verification.js';
import { sslLoadVerifySource } from '../ssl/verify-sources.js';
import { type TlsFixture, tlsFixture } from './tls.js';

const tools = new Map<string, boolean>();

/** Whether a command-line tool runs here (`openssl version`, `curl --version`…). */
export function toolAvailable(tool: string, args: readonly string[] = ['--version']): boolean {
  let ok = tools.get(tool);
  if (ok === undefined) {
    try {
      execFileSync(tool, args, { stdio: 'ignore', timeout: 10_000 });
      ok = true;
    } catch {
      ok = false;
    }
    tools.set(tool, ok);
  }
  return ok;
}

/** The `skip` option of a test that needs `tool`: a reason where it is missing, else false. */
export function skipWithout(tool: 'openssl' | 'curl'): string | false {
  const ok = tool === 'openssl' ? toolAvailable('openssl', ['version']) : toolAvailable(tool);
  return ok ? false : `${tool} is not installed: test skipped (apt-get install ${tool})`;
}

/** A client context trusting the test CA, checking the chain and (by default) the host name. */
export function trustingClient(hostname = true, client?: TlsFixture): SslClientContext {
  const ctx = sslMakeClientContext('auto');
  sslLoadVerifySource(ctx, tlsFixture('ca'));
  sslSetVerify(ctx, true);
  sslSetVerifyHostname(ctx, hostname);
  if (client !== undefined) {
    sslLoadCertificateChain(ctx, tlsFixture(client));
    sslLoadPrivateKey(ctx, tlsFixture(client, 'key'));
  }
  return ctx;
}

/** A server context with a fixture's certificate and key (the CA trusted for client certificates). */
export function serverContext(cert: TlsFixture = 'server'): SslServerContext {
  const ctx = sslMakeServerContext('auto');
  sslLoadCertificateChain(ctx, tlsFixture(cert));
  sslLoadPrivateKey(ctx, tlsFixture(cert, 'key'));
  sslLoadVerifySource(ctx, tlsFixture('ca'));
  return ctx;
}

/** An SSL listener on 127.0.0.1 with `ctx`, and its port. */
export async function sslListenLoopback(
  ctx: SslServerContext = serverContext(),
): Promise<[SslListener, number]> {
  const listener = await sslListen(0, 16, true, '127.0.0.1', ctx);
  return [listener, sslAddresses(listener, true)[1]];
}

export interface SslPair {
  readonly listener: SslListener;
  readonly port: number;
  readonly ci: InputPort;
  readonly co: OutputPort;
  readonly si: InputPort;
  readonly so: OutputPort;
}

/** A racket-net client connected to a racket-net server, both sides' ports. */
export async function sslPair(): Promise<SslPair> {
  const [listener, port] = await sslListenLoopback();
  const [[si, so], [ci, co]] = await Promise.all([
    sslAccept(listener),
    sslConnect('localhost', port, trustingClient()),
  ]);
  return { listener, port, ci, co, si, so };
}

/** A running command-line peer: its output so far, and a way to stop it. */
export interface ToolProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once it exits. */
  readonly exited: Promise<number | string>;
  stop(): void;
}

/** Spawns `command` with `args`, collecting its output; killed after `timeoutMs`. */
export function spawnTool(
  command: string,
  args: readonly string[],
  timeoutMs = 10_000,
): ToolProcess {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('latin1').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('latin1').on('data', (d: string) => (out += d));
  child.stdin!.on('error', () => {});
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal ?? -1);
    }),
  );
  return { child, output: () => out, exited, stop: () => child.kill('SIGKILL') };
}

/** Waits until `tool`'s output matches `pattern` (or it exits), up to `ms`. */
export async function waitForOutput(
  tool: ToolProcess,
  pattern: RegExp,
  ms = 5000,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = pattern.exec(tool.output());
    if (m) return m;
    if (Date.now() > deadline || tool.child.exitCode !== null) {
      throw new Error(`no ${String(pattern)} in output: ${tool.output()}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `-cert FILE -key FILE` of a fixture, for `openssl s_server` and `s_client`. */
export function certArgs(cert: TlsFixture): string[] {
  return ['-cert', tlsFixture(cert), '-key', tlsFixture(cert, 'key')];
}

/** `openssl s_server -accept 0` with the server fixture and `extra` arguments; resolves once it listens. */
export async function opensslServer(
  extra: readonly string[] = [],
  cert: TlsFixture = 'server',
): Promise<[ToolProcess, number]> {
  const server = spawnTool('openssl', ['s_server', '-accept', '0', ...certArgs(cert), ...extra]);
  const m = await waitForOutput(server, /ACCEPT .*:(\d+)/);
  return [server, Number(m[1])];
}

/** `openssl s_client` arguments that check the server's chain against the test CA, for `localhost`. */
export const S_CLIENT_VERIFY: readonly string[] = [
  '-servername',
  'localhost',
  '-CAfile',
  tlsFixture('ca'),
  '-verify_return_error',
];

/** `openssl s_client -connect 127.0.0.1:port` with `extra` arguments. */
export function opensslClient(port: number, extra: readonly string[] = []): ToolProcess {
  return spawnTool('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...extra]);
}
