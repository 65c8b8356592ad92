#!/usr/bin/env node
// Runs node's built-in test runner over every compiled test file in dist/.
// Node 20's `node --test` does not expand globs, so we find the files here.
// Usage: node scripts/run-tests.mjs [extra node --test flags...] [-- file-filter...]
// RACKET_NET_DIST=folder runs the tests compiled into another folder (`tsc --outDir folder`),
// so that two builds can be tested side by side.
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.env.RACKET_NET_DIST ?? 'dist';

/** @param {string} dir @returns {string[]} */
function findTests(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      out.push(...findTests(p));
    } else if (entry.isFile() && entry.name.endsWith('.test.js')) {
      out.push(p);
    }
  }
  return out;
}

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const flags = sep === -1 ? argv : argv.slice(0, sep);
const filters = sep === -1 ? [] : argv.slice(sep + 1);

if (!existsSync(root)) {
  console.error(`run-tests: ${root}/ not found; run "npm run build" first`);
  process.exit(1);
}

let files = findTests(root).sort();
if (filters.length > 0) {
  files = files.filter((f) => filters.some((s) => f.includes(s)));
}
if (files.length === 0) {
  console.error(`run-tests: no *.test.js files found under ${root}/`);
  process.exit(1);
}

const args = [
  '--enable-source-maps',
  '--test',
  '--test-concurrency=2',
  '--test-timeout=60000',
  ...flags,
  ...files.map((f) => relative(process.cwd(), f)),
];
const child = spawn(process.execPath, args, { stdio: 'inherit' });

for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(sig, () => child.kill(sig));
}
child.on('exit', (code, signal) => {
  if (signal) {
    console.error(`run-tests: test runner killed by ${signal}`);
    process.exit(1);
  }
  process.exit(code ?? 1);
});
