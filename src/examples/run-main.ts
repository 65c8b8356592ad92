/** Lets an example run as a script (`node dist/examples/NAME.js`) and still be imported by tests. */
import { pathToFileURL } from 'node:url';

export function isMainModule(importMetaUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(script).href === importMetaUrl;
}
