/**
 * The process's ports, in child processes: stdout flushed at exit (naturally, by
 * `process.exit()`, with more than a pipe holds), stderr unbuffered, stdin read only while a
 * read waits (so a program that never reads, or stops reading, still ends).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const INDEX = fileURLToPath(new URL('../index.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The order in which the two streams' chunks arrived: 'o' and 'e'. */
  order: string;
}

/**
 * Runs `body` (an ES module body with racket-net imported as `r`), writing `input` to its
 * stdin, then ending stdin unless `keepOpen` (stdin then stays open until the child ends).
 */
function runChild(
  body: string,
  input = '',
  keepOpen = false,
  timeoutMs = 8000,
  closeStdout = false,
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'racket-net-stdio-'));
  const file = join(dir, 'child.mjs');
  writeFileSync(file, `import * as r from ${JSON.stringify(INDEX)};\n${body}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { stdio: ['pipe', 'pipe', 'pipe'] });
    const run: Run = { code: null, stdout: '', stderr: '', order: '' };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not end in ${timeoutMs} ms: ${JSON.stringify(run)}`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      run.stdout += s;
      run.order += 'o';
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      run.stderr += s;
      run.order += 'e';
    });
    child.stdin.on('error', () => {});
    if (closeStdout) child.stdout.destroy();
    if (keepOpen) child.stdin.write(input);
    else child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      run.code = code;
      resolve(run);
    });
  });
}

describe('the process ports', () => {
  it('stdout is block-buffered on a pipe and flushed when the process ends', async () => {
    const run = await runChild(`
      await r.printf('~a ~s\\n', r.fileStreamBufferMode(r.currentOutputPort()), 'hi');
      r.display(r.fileStreamBufferMode(r.currentErrorPort()), r.currentErrorPort());
      await r.display(String(r.currentOutputPort().bufferedBytes));`);
    assert.deepEqual([run.code, run.stdout, run.stderr], [0, 'block "hi"\n11', 'none']);
  });

  it('process.exit() flushes stdout synchronously, more than a pipe holds', async () => {
    const line = 'x'.repeat(99) + '\n';
    const run = await runChild(`
      const out = r.currentOutputPort();
      for (let i = 0; i < 5000; i++) r.display(${JSON.stringify(line)}, out);
      await r.display('end');
      process.exit(3);`);
    assert.equal(run.code, 3);
    assert.equal(run.stdout.length, 5000 * 100 + 3);
    assert.ok(run.stdout.endsWith('x\nend'));
  });

  it('output left in the buffer at a natural end goes out', async () => {
    const run = await runChild(`
      r.printf('one\\n');
      setTimeout(() => r.printf('two'), 20);`);
    assert.deepEqual([run.code, run.stdout], [0, 'one\ntwo']);
  });

  it('stderr is unbuffered: it goes out before buffered stdout', async () => {
    const run = await runChild(`
      await r.printf('out');
      await r.eprintf('err ~a', 1);
      await new Promise((ok) => setTimeout(ok, 100));`);
    assert.deepEqual([run.stdout, run.stderr, run.order[0]], ['out', 'err 1', 'e']);
  });

  it('making the input port reads nothing and keeps nothing alive', async () => {
    // stdin stays open (input null): the child must end all the same.
    const run = await runChild(
      `const inp = r.currentInputPort();
       await r.printf('~a ~a', inp, r.isByteReady(inp));`,
      '',
      true,
    );
    assert.deepEqual([run.code, run.stdout], [0, '#<input-port:stdin> #f']);
  });

  it('reads lines from stdin, then ends while stdin stays open', async () => {
    const run = await runChild(
      `const a = await r.readLine(r.currentInputPort());
       const b = await r.readLine(r.currentInputPort());
       await r.printf('~s ~s', a, b);`,
      'first\nsecond\n',
      true,
    );
    assert.deepEqual([run.code, run.stdout], [0, '"first" "second"']);
  });

  it('a sync over stdin and another event ends, then the process ends with stdin open', async () => {
    // The sync over two events leaves its waiters parked in the events (sync's fast path for
    // server loops): the stream must not go on flowing for them.
    const run = await runChild(
      `const inp = r.currentInputPort();
       const [other] = r.makePipe();
       const got = await r.sync(inp, other);
       await r.printf('~a ~s', got === inp, await r.readLine(inp));`,
      'typed\n',
      true,
    );
    assert.deepEqual([run.code, run.stdout], [0, '#t "typed"']);
  });

  it('reads to EOF from stdin', async () => {
    const run = await runChild(
      `await r.printf('~s', await r.portToString(r.currentInputPort()));`,
      'all\nof it',
    );
    assert.deepEqual([run.code, run.stdout], [0, '"all\\nof it"']);
  });

  it('a closed stdout reader (EPIPE) is a write error, not a crash', async () => {
    const run = await runChild(
      `await r.readLine(r.currentInputPort()); // the parent has closed our stdout by now
       try {
         for (let i = 0; i < 100; i++) {
           await r.printf('~a\\n', 'x'.repeat(1000));
           await r.flushOutput(r.currentOutputPort());
           await new Promise((ok) => setTimeout(ok, 5));
         }
       } catch (e) { await r.eprintf('caught ~a ~s', r.isExnFail(e), e.message.split('\\n')[0]); }`,
      'go\n',
      false,
      8000,
      true,
    );
    assert.equal(run.code, 0);
    assert.equal(run.stderr, 'caught #t "error writing to stream port"');
  });

  it(
    'stdout is line-buffered on a terminal (a pty made by script(1))',
    { skip: hasScript() ? false : 'script(1) is not installed: terminal test skipped' },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'racket-net-tty-'));
      const file = join(dir, 'child.mjs');
      writeFileSync(
        file,
        `import * as r from ${JSON.stringify(INDEX)};
         await r.printf('~a ~a\\n', r.fileStreamBufferMode(r.currentOutputPort()), process.stdout.isTTY);
         r.display('partial');
         setTimeout(() => process.stderr.write('[' + r.currentOutputPort().bufferedBytes + ']'), 50);`,
      );
      try {
        const result = spawnSync('script', ['-qec', `${process.execPath} ${file}`, '/dev/null'], {
          encoding: 'utf8',
          timeout: 8000,
        });
        // The line went out at its newline; 'partial' waited in the buffer until the exit.
        assert.equal(result.stdout.replaceAll('\r', ''), 'line #t\n[7]partial');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

function hasScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}
