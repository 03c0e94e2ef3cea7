// Decides how to run a command that may open windows: as is where a display exists (or on
// macOS and Windows), under `xvfb-run -a` on a Linux machine without one when it is installed.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first `name` on PATH, or null. */
export function findOnPath(name, pathVar, exists = existsSync) {
  for (const dir of String(pathVar ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (exists(candidate)) return candidate;
  }
  return null;
}

/** The argv to run: `command` itself, or wrapped in xvfb-run with a 1280x1024 screen. */
export function displayCommand({ platform, env, xvfbRun }, command) {
  const headless = platform !== 'darwin' && platform !== 'win32' && !env.DISPLAY && !env.WAYLAND_DISPLAY;
  if (!headless || !xvfbRun) return command;
  return [xvfbRun, '-a', '--server-args=-screen 0 1280x1024x24', ...command];
}
