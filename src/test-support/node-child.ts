/**
 * Runs an ES module script in a fresh Node process, for behaviour that only shows at process
 * level (does the process exit by itself? what reaches stderr? is there an unhandled rejection?).
 * The script can `import … from RACKET_NET`, which names the compiled package entry point.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const indexUrl = pathToFileURL(fileURLToPath(new URL('../index.js', import.meta.url))).href;

export interface ChildResult {
  /** Exit code, or null if the process was killed (for example at the time limit). */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runNodeChild(script: string, timeoutMs = 10_000): ChildResult {
  const source = script.replaceAll('RACKET_NET', JSON.stringify(indexUrl));
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', source], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (result.error && result.signal === null) throw result.error;
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}
