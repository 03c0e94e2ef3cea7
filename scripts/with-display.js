#!/usr/bin/env node
// Runs a command with a display: e.g. `node scripts/with-display.js playwright test`. On Linux
// without DISPLAY/WAYLAND_DISPLAY it uses xvfb-run (when installed) so the Electron e2e can run;
// elsewhere, or without xvfb-run, the command runs as is (and the Electron e2e skips itself).
import { spawn } from 'node:child_process';
import { displayCommand, findOnPath } from './lib/display-command.js';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/with-display.js <command> [args…]');
  process.exit(2);
}
const [file, ...args] = displayCommand(
  { platform: process.platform, env: process.env, xvfbRun: process.platform === 'linux' ? findOnPath('xvfb-run', process.env.PATH) : null },
  command,
);
const child = spawn(file, args, { stdio: 'inherit', shell: process.platform === 'win32' });
child.on('error', (err) => {
  console.error(`with-display: could not run ${file}: ${err.message}`);
  process.exitCode = 1;
});
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
