/**
 * The multi-process topology's clients: programs of their own (node, python3), each connecting
 * to nginx at its own rate with 1-200 ms lifetimes (log-uniform), closing with FIN or RST, and
 * recording the local port and time of every connection it made: the ground truth. Each prints
 * one JSON line at the end: `{ "pid", "records": [[port, timeMs], ...], "errors" }`.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TruthRecord } from './score';

const NODE_CLIENT = String.raw`
const net = require('net');
const [port, rate, seconds, close, minMs, maxMs] = process.argv.slice(1).map((a, i) => (i === 3 ? a : Number(a)));
const records = []; const errors = {}; let launched = 0, live = 0;
const life = () => Math.exp(Math.log(minMs) + Math.random() * (Math.log(maxMs) - Math.log(minMs)));
const open = () => {
  launched++; live++;
  const c = net.connect(port, '127.0.0.1');
  c.on('error', (e) => { errors[e.code || e.message] = (errors[e.code || e.message] || 0) + 1; });
  c.on('close', () => live--);
  c.once('connect', () => {
    records.push([c.localPort, Date.now()]);
    setTimeout(() => (close === 'rst' ? c.resetAndDestroy() : c.end()), life());
  });
};
const start = performance.now();
const timer = setInterval(() => {
  const elapsed = Math.min(performance.now() - start, seconds * 1000);
  while (launched < Math.floor((elapsed / 1000) * rate)) open();
  if (elapsed >= seconds * 1000) {
    clearInterval(timer);
    const wait = setInterval(() => { if (live === 0 || performance.now() - start > seconds * 1000 + 3000) { clearInterval(wait);
      process.stdout.write(JSON.stringify({ pid: process.pid, records, errors }) + '\n', () => process.exit(0)); } }, 20);
  }
}, 2);
`;

const PYTHON_CLIENT = String.raw`
import asyncio, json, math, os, random, socket, struct, sys, time
port, rate, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
close, lo, hi = sys.argv[4], float(sys.argv[5]), float(sys.argv[6])
records, errors = [], {}
async def one():
    try:
        r, w = await asyncio.open_connection('127.0.0.1', port)
    except OSError as e:
        errors[str(e.errno)] = errors.get(str(e.errno), 0) + 1
        return
    s = w.get_extra_info('socket')
    records.append([s.getsockname()[1], int(time.time() * 1000)])
    await asyncio.sleep(math.exp(math.log(lo) + random.random() * (math.log(hi) - math.log(lo))) / 1000)
    if close == 'rst':
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    w.close()
async def main():
    start, launched, tasks = time.monotonic(), 0, set()
    while True:
        elapsed = min(time.monotonic() - start, seconds)
        while launched < int(elapsed * rate):
            launched += 1
            t = asyncio.ensure_future(one()); tasks.add(t); t.add_done_callback(tasks.discard)
        if elapsed >= seconds: break
        await asyncio.sleep(0.002)
    if tasks: await asyncio.wait(tasks, timeout=3)
asyncio.run(main())
print(json.dumps({'pid': os.getpid(), 'records': records, 'errors': errors}), flush=True)
`;

/** One client to start. */
export interface ClientSpec {
  program: 'node' | 'python3';
  rate: number;
  /** Run as this uid/gid (e.g. nobody); default the bench's own. */
  uid?: number;
  gid?: number;
}

/** What a client reported. */
export interface ClientResult {
  pid: number;
  program: string;
  records: TruthRecord[];
  errors: Record<string, number>;
}

/** Starts a client; resolves with its records when it ends. */
export function runClient(spec: ClientSpec, port: number, seconds: number, close: 'fin' | 'rst'): { pid: number; done: Promise<ClientResult> } {
  const args = [String(port), String(spec.rate), String(seconds), close, '1', '200'];
  const [cmd, code] = spec.program === 'node' ? [process.execPath, NODE_CLIENT] : ['python3', PYTHON_CLIENT];
  const child = spawn(cmd, spec.program === 'node' ? ['-e', code, ...args] : ['-c', code, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    ...(spec.uid === undefined ? {} : { uid: spec.uid, gid: spec.gid ?? spec.uid }),
  });
  const lines = createInterface({ input: child.stdout! });
  const done = new Promise<ClientResult>((resolve, reject) => {
    let last = '';
    lines.on('line', (l) => (last = l));
    child.once('exit', (code) => {
      try {
        const doc = JSON.parse(last) as { pid: number; records: [number, number][]; errors: Record<string, number> };
        resolve({ pid: doc.pid, program: spec.program, errors: doc.errors, records: doc.records.map(([p, t]) => ({ pid: doc.pid, port: p, time: t })) });
      } catch {
        reject(new Error(`${spec.program} client exited with ${code} without its records`));
      }
    });
  });
  return { pid: child.pid ?? -1, done };
}
