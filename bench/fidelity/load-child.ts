/**
 * The parent's side of the load generator: starts the bench script again with --load (fd limit
 * raised), reads its protocol lines, and kills it when it overstays. Shared by the fidelity and
 * memory benches, apart from the fidelity run so the memory bench loads nothing else.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LoadOptions, LoadReport } from './load-gen';

/** Starts the load child with a raised fd limit; resolves its pid/port line and its end (killing it when it overstays). */
export function startLoad(o: LoadOptions & { self: string }): { ready: Promise<{ pid: number; port: number }>; done: Promise<LoadReport> } {
  const args = [o.rate, o.seconds, o.close, o.minMs, o.maxMs].join(',');
  const child = spawn('bash', ['-c', 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"', process.execPath, o.self, '--load', args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const read = new Promise<string[]>((resolve) => {
    const got: string[] = [];
    lines.on('line', (l) => got.push(l));
    lines.on('close', () => resolve(got));
  });
  const ready = new Promise<{ pid: number; port: number }>((resolve, reject) => {
    lines.once('line', (l) => resolve(JSON.parse(l) as { pid: number; port: number }));
    child.once('exit', (code) => reject(new Error(`load generator exited with ${code} before listening`)));
  });
  const limitMs = o.seconds * 1000 + o.maxMs + 15_000;
  const overstay = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const done = read.then((got) => {
    clearTimeout(overstay);
    const last = got.at(-1);
    if (last === undefined || !last.includes('"done"')) throw new Error(`load generator ended without its report (killed after ${limitMs} ms?)`);
    return JSON.parse(last) as LoadReport;
  });
  return { ready, done };
}
