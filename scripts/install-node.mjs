#!/usr/bin/env node
// Installs a Node.js release line from the npm registry's `node` package into a scratch folder
// (never into the repository) and prints the path of its `node` binary.
// Usage: node scripts/install-node.mjs MAJOR        e.g. 24
// The folder is $RACKET_NET_NODES, or ~/.cache/racket-net/nodes; a line already there is reused.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const major = process.argv[2] ?? '';
if (!/^\d+$/.test(major)) {
  process.stderr.write('usage: node scripts/install-node.mjs MAJOR   (e.g. 24)\n');
  process.exit(2);
}

const root = process.env.RACKET_NET_NODES ?? join(homedir(), '.cache', 'racket-net', 'nodes');
const prefix = join(root, `node-${major}`);
const binary = join(prefix, 'node_modules', 'node', 'bin', 'node');

if (!existsSync(binary)) {
  mkdirSync(prefix, { recursive: true });
  // The `node` package's install step fetches the platform binary as another npm package.
  execFileSync(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `node@${major}`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
if (!version.startsWith(`v${major}.`)) {
  process.stderr.write(`install-node: ${binary} is ${version}, not Node ${major}\n`);
  process.exit(1);
}
process.stdout.write(`${binary}\n`);
