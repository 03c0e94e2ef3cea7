// Runs a command silently with a hard time limit and keeps the tail of its stderr, so a step
// that may hang (a binary download on a closed network) can never stall `npm start`.
import { spawn } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';

/** Runs `command args` with no stdin/stdout, killing it after `timeoutMs`; never rejects. */
export function runBounded({ command, args, cwd, timeoutMs }) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-8000)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => (stderr += `\nError: ${err.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, timedOut, timeoutMs, stderr });
    });
  });
}
