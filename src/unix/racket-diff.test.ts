/**
 * Differential tests: racket/unix-socket in Racket CS and racket-net, on real sockets, each
 * the other's peer (half-close), and the same scenarios' error messages and file system side
 * by side. Only the `blaming:` line of a contract error differs (Racket names the calling
 * module; a JavaScript caller has none, and is blamed as `top-level`).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { custodianShutdownAll, currentCustodian, makeCustodian } from '../custodian/custodian.js';
import { sync } from '../evt/sync.js';
import { parameterize } from '../parameter/parameter.js';
import { closeInputPort, closeOutputPort } from '../port/any-port.js';
import { isEofObject } from '../port/eof.js';
import { readBytes } from '../port/read.js';
import { readLine } from '../port/read-chars.js';
import { writeString } from '../port/write.js';
import { pause } from '../test-support/async.js';
import { ExnFail } from '../exn/exn.js';
import { portToString } from '../port/port-lib.js';
import { useTestCustodian } from '../test-support/custodian.js';
import { runRacket, runRacketAsync, skipWithoutRacket } from '../test-support/racket.js';
import {
  abstractName,
  abstractText,
  connectWhenUp,
  exactAbstractNames,
  useSocketDir,
} from '../test-support/unix.js';
import {
  unixSocketAccept,
  unixSocketAcceptEvt,
  unixSocketCloseListener,
  unixSocketConnect,
  unixSocketListen,
} from './index.js';

useTestCustodian(after);
const socketPath = useSocketDir(after);
const skip = skipWithoutRacket();
if (skip) console.log(`# ${skip}`);

const PRELUDE = `#lang racket/base
(require racket/unix-socket racket/port)
(define args (current-command-line-arguments))
(define (arg i) (vector-ref args i))
(define (msg thunk)
  (with-handlers ([exn? (lambda (e)
                          (printf "~a ~a\\n--\\n"
                                  (cond [(exn:fail:contract? e) "contract"]
                                        [(exn:fail:network? e) "network"]
                                        [(exn:fail? e) "fail"]
                                        [else "exn"])
                                  (exn-message e)))])
    (thunk)
    (void)))
`;

const show = (v: unknown): string => (isEofObject(v) ? '#<eof>' : JSON.stringify(v));

/** The class of an error, in Racket's terms, as the Racket side prints it. */
function kind(e: unknown): string {
  const name = (e as Error).constructor.name;
  return name === 'ExnFailContract'
    ? 'contract'
    : name.startsWith('ExnFailNetwork')
      ? 'network'
      : name === 'ExnFail'
        ? 'fail'
        : `exn ${name}`;
}

const withoutBlame = (text: string): string => text.replace(/\n {2}blaming: [^\n]*/g, '');

describe('racket-diff: unix sockets', { skip }, () => {
  it('half-close: racket-net server, Racket client; Racket leaves the file too', async () => {
    const path = socketPath();
    const listener = await unixSocketListen(path);
    const client = runRacketAsync(
      `${PRELUDE}
(define-values (in out) (unix-socket-connect (arg 0)))
(printf "names ~s ~s ~s\\n" (object-name in) (object-name out) (file-stream-buffer-mode out))
(void (write-string "hello\\n" out))
(close-output-port out)
(define reply (read-line in))
(printf "client read ~s then ~s\\n" reply (read-bytes 1 in))
(close-input-port in)`,
      [path],
    );
    const [si, so] = await unixSocketAccept(listener);
    const line = await readLine(si);
    const next = await readBytes(1, si);
    await writeString(`got ${String(line)}\n`, so);
    await closeOutputPort(so);
    closeInputPort(si);
    assert.equal(
      await client,
      'names unix-socket unix-socket block\nclient read "got hello" then #<eof>\n',
    );
    assert.deepEqual([line, show(next)], ['hello', '#<eof>']);
    unixSocketCloseListener(listener);
  });

  it('half-close: Racket server, racket-net client', async () => {
    const path = socketPath();
    const server = runRacketAsync(
      `${PRELUDE}
(define l (unix-socket-listen (arg 0)))
(define-values (in out) (unix-socket-accept l))
(define line (read-line in))
(define after (read-bytes 1 in))
(void (write-string (format "got ~a\\n" line) out))
(close-output-port out)
(close-input-port in)
(unix-socket-close-listener l)
(printf "server read ~s then ~s; file kept: ~s\\n" line after (file-exists? (arg 0)))`,
      [path],
    );
    const [ci, co] = await connectWhenUp(path);
    await writeString('hello\n', co);
    await closeOutputPort(co);
    const reply = await readLine(ci);
    const next = await readBytes(1, ci);
    closeInputPort(ci);
    assert.equal(await server, 'server read "hello" then #<eof>; file kept: #t\n');
    assert.deepEqual([reply, show(next)], ['got hello', '#<eof>']);
  });

  it(
    'abstract names: Racket listens, racket-net connects (exact names from Node 22)',
    { skip: process.platform !== 'linux' && 'abstract names are Linux only' },
    async () => {
      const name = abstractName();
      const text = abstractText(name);
      const server = runRacketAsync(
        `${PRELUDE}
(define name (bytes-append #"\\0" (string->bytes/utf-8 (arg 0))))
(define l (unix-socket-listen name))
(define ports (sync/timeout 5 (unix-socket-accept-evt l)))
(define in (car ports))
(define out (cadr ports))
(void (write-string (format "racket got ~a" (port->string in)) out))
(close-output-port out)
(printf "ok\\n")`,
        [text],
      );
      if (exactAbstractNames()) {
        const [ci, co] = await connectWhenUp(name);
        await writeString('hi', co);
        await closeOutputPort(co);
        assert.equal(await portToString(ci), 'racket got hi');
        closeInputPort(ci);
        assert.equal(await server, 'ok\n');
      } else {
        // Node 20 pads the name to 108 bytes: Racket's exact name is another socket.
        await pause(1000);
        const refused = await unixSocketConnect(name).catch((e: unknown) => e);
        assert.ok(refused instanceof ExnFail && /errno: 111/.test(refused.message));
        await server.catch(() => {}); // Racket times out waiting and fails on #f
      }
    },
  );

  it('error messages and kinds, side by side', async () => {
    const a = socketPath();
    const b = socketPath();
    const long = '/tmp/' + 'x'.repeat(120);
    const racket = runRacket(
      `${PRELUDE}
(define a (arg 0))
(define b (arg 1))
(with-output-to-file b (lambda () (display "x")))
(msg (lambda () (unix-socket-connect a)))
(msg (lambda () (unix-socket-connect b)))
(msg (lambda () (unix-socket-listen b)))
(msg (lambda () (unix-socket-listen "/no/such/dir/x.sock")))
(msg (lambda () (unix-socket-connect #"\\0rnet-diff-nothing-here")))
(msg (lambda () (unix-socket-connect 5)))
(msg (lambda () (unix-socket-connect (arg 2))))
(msg (lambda () (unix-socket-connect #"/tmp/x.sock")))
(msg (lambda () (unix-socket-listen a -1)))
(msg (lambda () (unix-socket-listen a 1.5)))
(msg (lambda () (unix-socket-accept 5)))
(msg (lambda () (unix-socket-accept-evt 5)))
(msg (lambda () (unix-socket-close-listener 5)))
(define l (unix-socket-listen a))
(msg (lambda () (unix-socket-listen a)))
(unix-socket-close-listener l)
(unix-socket-close-listener l)
(msg (lambda () (unix-socket-accept l)))
(msg (lambda () (sync (unix-socket-accept-evt l))))
(msg (lambda () (unix-socket-connect a)))
(printf "file kept ~s; listener ready ~s\\n" (file-exists? a) (eq? l (sync/timeout 0 l)))
(define c (make-custodian))
(custodian-shutdown-all c)
(msg (lambda () (parameterize ([current-custodian c]) (unix-socket-connect a))))
(define l2 (unix-socket-listen (string-append a "2")))
(msg (lambda () (parameterize ([current-custodian c]) (unix-socket-accept l2))))
(msg (lambda () (sync (parameterize ([current-custodian c]) (unix-socket-accept-evt l2)))))
(unix-socket-close-listener l2)`,
      [a, b, long],
    );
    // The same calls in racket-net (with its own files, at the same names, after Racket's run).
    const { rmSync, writeFileSync, existsSync } = await import('node:fs');
    rmSync(a, { force: true });
    rmSync(`${a}2`, { force: true });
    writeFileSync(b, 'x');
    let ours = '';
    const msg = async (thunk: () => unknown): Promise<void> => {
      try {
        await thunk();
      } catch (e) {
        ours += `${kind(e)} ${(e as Error).message}\n--\n`;
      }
    };
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    await msg(() => unixSocketConnect(a));
    await msg(() => unixSocketConnect(b));
    await msg(() => unixSocketListen(b));
    await msg(() => unixSocketListen('/no/such/dir/x.sock'));
    await msg(() => unixSocketConnect(enc('\0rnet-diff-nothing-here')));
    await msg(() => unixSocketConnect(5 as never));
    await msg(() => unixSocketConnect(long));
    await msg(() => unixSocketConnect(enc('/tmp/x.sock')));
    await msg(() => unixSocketListen(a, -1));
    await msg(() => unixSocketListen(a, 1.5));
    await msg(() => unixSocketAccept(5 as never));
    await msg(() => unixSocketAcceptEvt(5 as never));
    await msg(() => unixSocketCloseListener(5 as never));
    const l = await unixSocketListen(a);
    await msg(() => unixSocketListen(a));
    unixSocketCloseListener(l);
    unixSocketCloseListener(l);
    await msg(() => unixSocketAccept(l));
    await msg(() => sync(unixSocketAcceptEvt(l)));
    await msg(() => unixSocketConnect(a));
    ours += `file kept ${existsSync(a) ? '#t' : '#f'}; listener ready ${(await sync(l)) === l ? '#t' : '#f'}\n`;
    const c = makeCustodian();
    custodianShutdownAll(c);
    await msg(() => parameterize(currentCustodian, c, () => unixSocketConnect(a)));
    const l2 = await unixSocketListen(`${a}2`);
    await msg(() => parameterize(currentCustodian, c, () => unixSocketAccept(l2)));
    await msg(() => sync(parameterize(currentCustodian, c, () => unixSocketAcceptEvt(l2))));
    unixSocketCloseListener(l2);
    assert.equal(withoutBlame(ours), withoutBlame(racket));
    assert.match(ours, /blaming: top-level/);
  });
});
