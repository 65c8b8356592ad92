/** Contract errors of functions that are not Racket primitives: they name the argument. */
import { ExnFailContract } from '../exn/exn.js';
import { formatValue } from '../exn/print.js';

const ORDINALS = ['1st', '2nd', '3rd'];

/**
 * `who: contract violation` with `argument position` and `other arguments...`, as Racket's
 * `raise-argument-error` prints it when given all the arguments.
 */
export function positionError(
  who: string,
  expected: string,
  args: readonly unknown[],
  position: number,
): ExnFailContract {
  const others = args.filter((_, i) => i !== position);
  return new ExnFailContract(
    `${who}: contract violation\n  expected: ${expected}\n  given: ${formatValue(args[position])}\n` +
      `  argument position: ${ORDINALS[position]}\n  other arguments...:` +
      others.map((o) => `\n   ${formatValue(o)}`).join(''),
  );
}
