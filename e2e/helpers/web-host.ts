/**
 * Starts the built web host (`node out/node/web.js --port 0`) as the user would, and reads the
 * one URL line it prints. The browser e2e drives the real UI through it, with a real service
 * sampling this machine.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** A running host process and how to reach it. */
export interface RunningHost {
  /** The printed URL, token included. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  token: string;
  child: ChildProcess;
  /** Everything it wrote to stdout so far. */
  stdout: () => string;
  /** Everything it wrote to stderr so far (for failure messages). */
  stderr: () => string;
  stop: () => Promise<void>;
}

/** The line format the host prints; the e2e holds it to exactly one such line. */
export const URL_LINE = /^Ephemera web host: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))$/;

/** Spawns the built host and resolves once it printed its URL. */
export function startBuiltHost(root = process.cwd(), extraArgs: string[] = []): Promise<RunningHost> {
  const entry = path.join(root, 'out', 'node', 'web.js');
  if (!existsSync(entry)) return Promise.reject(new Error(`${entry} is missing: run npm run build first`));
  const child = spawn(process.execPath, [entry, '--port', '0', ...extraArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-20_000);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`web host printed no URL within 20 s; stderr: ${err}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}; stderr: ${err}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-20_000);
      const line = out.split('\n').find((l) => URL_LINE.test(l));
      const match = line ? URL_LINE.exec(line) : null;
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const port = Number(match[2]);
      resolve({ url: match[1] as string, origin: `http://127.0.0.1:${port}`, port, token: match[3] as string, child, stdout: () => out, stderr: () => err, stop });
    });
  });
}
