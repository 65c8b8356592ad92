/** `rnet bench`: the benchmark (racket-net against raw Node and Racket CS; see `--help`). */
import { benchMain } from '../bench/run.js';
import { UsageError } from './errors.js';

export async function benchCommand(args: string[]): Promise<number> {
  try {
    return await benchMain(args);
  } catch (error) {
    // Only option mistakes throw here; a failed workload is reported in the table.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
