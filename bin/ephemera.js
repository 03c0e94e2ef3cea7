#!/usr/bin/env node
// The `ephemera` command: runs the built CLI (out/node/cli.js). In a fresh clone, after npm
// install, the build does not exist yet: build it once with `npm run build:node`, then run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../out/node/cli.js', import.meta.url));

if (!existsSync(cli)) {
  process.stderr.write('ephemera: building the command line once (npm run build:node)...\n');
  const windows = process.platform === 'win32';
  // The build's own output goes to stderr, so `ephemera ls --json > file` stays clean.
  const built = spawnSync(windows ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:node'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
    shell: windows,
  });
  if (built.status !== 0 || !existsSync(cli)) {
    process.stderr.write('ephemera: the build failed; run `npm run build:node` in ' + root + ' to see why\n');
    process.exit(1);
  }
}

await import(pathToFileURL(cli).href);
