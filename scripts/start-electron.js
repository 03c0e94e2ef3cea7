#!/usr/bin/env node
// `npm start` after the build: launches Electron on this repo (package.json "main" is
// out/node/main.js). Where Electron cannot run (binary missing and not downloadable, no display,
// a crash at launch) it prints one line pointing at `npm run serve` and exits non-zero.
// The binary download is attempted at most once, bounded by EPHEMERA_DOWNLOAD_TIMEOUT_MS.
import { spawn } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBounded } from './lib/bounded-run.js';
import { decideStart, describeExit, failureLine, locateElectron } from './lib/start-decision.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const EARLY_MS = 5000;

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return null;
  }
}

/** Launches Electron; holds back its stderr for the first seconds so a launch failure stays one line. */
function launch(binary) {
  const started = Date.now();
  const child = spawn(binary, ['--js-flags=--optimize-for-size', '.', ...process.argv.slice(2)], { cwd: root, stdio: ['inherit', 'inherit', 'pipe'] });
  let held = '';
  let streaming = false;
  const flush = setTimeout(() => {
    streaming = true;
    process.stderr.write(held);
    held = '';
  }, EARLY_MS);
  child.stderr.on('data', (chunk) => (streaming ? process.stderr.write(chunk) : (held = (held + chunk).slice(-16000))));
  child.on('error', (err) => {
    clearTimeout(flush);
    console.error(failureLine(`could not run ${binary}: ${err.message}`));
    process.exitCode = 1;
  });
  child.on('close', (code, signal) => {
    clearTimeout(flush);
    const verdict = describeExit({ code, signal, ranMs: Date.now() - started, stderrTail: held });
    if (verdict.line) console.error(verdict.line);
    else if (held) process.stderr.write(held);
    process.exitCode = verdict.exitCode;
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

async function main() {
  const dir = electronDir();
  if (!dir) {
    console.error(failureLine('the electron package is not installed (npm install)'));
    process.exitCode = 1;
    return;
  }
  const facts = { platform: process.platform, env: process.env, mainBuilt: existsSync(join(root, 'out', 'node', 'main.js')) };
  let step = decideStart({ ...facts, binary: locateElectron(dir, process.env), download: null });
  if (step.action === 'download') {
    const timeoutMs = Number(process.env.EPHEMERA_DOWNLOAD_TIMEOUT_MS) || 60_000;
    const attempt = await runBounded({ command: process.execPath, args: [join(dir, 'install.js')], cwd: dir, timeoutMs });
    step = decideStart({ ...facts, binary: locateElectron(dir, process.env), download: attempt });
  }
  if (step.action === 'launch') return launch(step.binary);
  console.error(failureLine(step.reason));
  process.exitCode = 1;
}

await main();
