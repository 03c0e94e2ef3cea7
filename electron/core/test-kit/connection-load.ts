/**
 * A load in its own process: short TCP connections to a local port at a fixed rate, each held a
 * few ms and closed by the client (so the TIME_WAIT stays on the client's side), the way a busy
 * HTTP client without keep-alive churns its ephemeral ports. The process prints its own running
 * count every 100 ms, so a test compares what Ephemera saw with what the load really did.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const LOAD_SOURCE = `
const net = require('node:net');
const [port, rate, holdMs, seconds] = process.argv.slice(1).map(Number);
const start = Date.now();
let started = 0;
let connected = 0;
const one = () => {
  started += 1;
  const s = net.connect(port, '127.0.0.1', () => {
    connected += 1;
    setTimeout(() => s.end(), holdMs);
  });
  s.on('error', () => {});
};
const pace = setInterval(() => {
  const due = Math.floor(((Date.now() - start) * rate) / 1000);
  while (started < due) one();
  if (Date.now() - start > seconds * 1000) { clearInterval(pace); setTimeout(() => process.exit(0), 500); }
}, 5);
setInterval(() => process.stdout.write(Date.now() + ' ' + connected + '\\n'), 100);
process.stdout.write(Date.now() + ' 0\\n');
`;

/** A running load. */
export interface ConnectionLoad {
  pid: number;
  /** Connections the load had made at an epoch-ms time (its last report at or before it). */
  countAt(time: number): number;
  stop(): Promise<void>;
}

/** Starts a load of `rate` connections per second to 127.0.0.1:port for at most `seconds`. */
export async function startLoad(port: number, rate: number, holdMs: number, seconds: number): Promise<ConnectionLoad> {
  if (rate > 500 || seconds > 60) throw new Error('the test load is bounded to 500 conn/s for 60 s');
  const child: ChildProcess = spawn(process.execPath, ['-e', LOAD_SOURCE, String(port), String(rate), String(holdMs), String(seconds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const reports: [number, number][] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const [t, n] = line.split(' ').map(Number);
      if (Number.isFinite(t) && Number.isFinite(n)) reports.push([t ?? 0, n ?? 0]);
    }
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', () => resolve());
  });
  if (child.pid === undefined) throw new Error('the load process did not start');
  return {
    pid: child.pid,
    countAt: (time) => {
      let n = 0;
      for (const [t, c] of reports) if (t <= time) n = c;
      return n;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
