#!/usr/bin/env node
// The `ephemera` command: runs the built CLI (out/node/cli.js). In a fresh clone, after npm
// install, the build does not exist yet: build it once with `npm run build:node`, then run.
import { spawn, spawnSync } from 'node:child_process';
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

// The long-running commands start their own node with V8's memory-saving mode: it has to be set
// when the main heap is made (see electron/core/service/memory-flags.ts; measured in bench/README.md).
const SMALL_HEAP = '--optimize-for-size';
if (['serve', 'watch'].includes(process.argv[2] ?? '') && !process.execArgv.includes(SMALL_HEAP)) {
  const child = spawn(process.execPath, [SMALL_HEAP, ...process.execArgv, cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches the whole process group, the child too; a service manager's TERM or HUP only us.
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`ephemera: could not start node: ${error.message}\n`);
    process.exit(1);
  });
  const waitForChild = () => undefined;
  process.on('SIGINT', waitForChild);
  child.on('exit', (code, signal) => {
    for (const s of ['SIGTERM', 'SIGHUP']) process.off(s, forward);
    process.off('SIGINT', waitForChild);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  await import(pathToFileURL(cli).href);
}
