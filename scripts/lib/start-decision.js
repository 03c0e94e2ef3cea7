// What `npm start` should do, as pure functions of plain facts: launch Electron, try the
// (bounded) binary download first, or give up with one line pointing at `npm run serve`.
// Finding the binary never triggers a download (require('electron') would, in Electron 45).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The one-line way out when Electron cannot run here. */
export const SERVE_HINT = 'run `npm run serve` to see the same UI in a browser';

/** The sentence printed (alone) when Electron cannot start. */
export function failureLine(reason) {
  return `Ephemera: cannot start Electron (${reason}); ${SERVE_HINT}.`;
}

/**
 * Where the Electron binary is, without downloading it: as node_modules/electron/index.js
 * computes it (path.txt under dist/, or ELECTRON_OVERRIDE_DIST_PATH), or null when no path.txt
 * says which file it is. `exists` tells whether that file is really there.
 */
export function locateElectron(electronDir, env, fs = { existsSync, readFileSync }) {
  let name;
  try {
    name = fs.readFileSync(join(electronDir, 'path.txt'), 'utf8').trim() || null;
  } catch {
    name = null;
  }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, name ?? 'electron');
    return { path, exists: fs.existsSync(path) };
  }
  if (name === null) return { path: null, exists: false };
  const path = join(electronDir, 'dist', name);
  return { path, exists: fs.existsSync(path) };
}

/** True when a Linux (or BSD) session has no display Electron could open a window on. */
export function lacksDisplay(platform, env) {
  if (platform === 'darwin' || platform === 'win32') return false;
  return !env.DISPLAY && !env.WAYLAND_DISPLAY;
}

/**
 * The next step. Facts: platform, env, whether out/node/main.js is built, the located binary,
 * and whether a download was already attempted (and how it failed).
 */
export function decideStart({ platform, env, mainBuilt, binary, download }) {
  if (!mainBuilt) return { action: 'fail', reason: 'out/node/main.js is missing; `npm start` builds it, or run `npm run build`' };
  if (lacksDisplay(platform, env)) return { action: 'fail', reason: 'no display: DISPLAY and WAYLAND_DISPLAY are unset' };
  if (binary.exists && binary.path) return { action: 'launch', binary: binary.path };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return { action: 'fail', reason: `no Electron binary at ELECTRON_OVERRIDE_DIST_PATH (${binary.path})` };
  if (env.EPHEMERA_NO_DOWNLOAD === '1') return { action: 'fail', reason: 'the Electron binary is not installed and EPHEMERA_NO_DOWNLOAD=1 forbids downloading it' };
  if (!download) return { action: 'download' };
  return { action: 'fail', reason: `the Electron binary is not installed and downloading it failed: ${describeDownload(download)}` };
}

/** A download attempt's outcome in a few words, from the installer's exit and stderr. */
export function describeDownload({ code, signal, timedOut, timeoutMs, stderr }) {
  if (timedOut) return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const line = String(stderr ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^(\w*Error|error)\b[:\s]/.test(l) || /E[A-Z]{3,}/.test(l));
  if (line) return line.slice(0, 160);
  if (code === 0) return 'the installer finished but left no binary';
  if (signal) return `installer killed by ${signal}`;
  return `installer exited with code ${code}`;
}

/**
 * How an Electron run that ended is reported: a quick failure (missing libraries, a crash before
 * any window) gets the one-line hint; a normal quit passes its code through quietly.
 */
export function describeExit({ code, signal, ranMs, stderrTail }) {
  if (code === 0) return { exitCode: 0, line: null };
  const quick = ranMs < 5000;
  const detail = String(stderrTail ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop();
  if (!quick) return { exitCode: code ?? 1, line: null };
  const reason = detail ? `it exited at once: ${detail.slice(0, 160)}` : `it exited at once with ${signal ?? `code ${code}`}`;
  return { exitCode: code ?? 1, line: failureLine(reason) };
}
