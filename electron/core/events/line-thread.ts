/**
 * Runs a command in a small thread of its own and hands its stdout lines over on demand. The
 * sampler thread blocks for tens to hundreds of milliseconds per sample on a big table; a pipe
 * holds 64 kB (about 800 `ss -E` lines), so at thousands of events a second ss stalled on a full
 * pipe and the kernel dropped events (measured: 37% of opens captured at 5,000 conn/s). This thread
 * does nothing but read, stamp each line with the time it arrived, and queue it on a MessagePort the
 * sampler drains synchronously (receiveMessageOnPort) once per tick. A shared counter of lines in
 * flight caps the queue: past it, lines are only counted.
 *
 * The thread's code is a plain CommonJS string run with `eval: true`, so it needs no build entry
 * of its own and runs alike from the app bundle, a test build or Vitest.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

const THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { command, cap, data, counter } = workerData;
const inFlight = new Int32Array(counter);
let lines = [], times = [], aggregated = 0, tooLong = 0, partial = '';
const flush = () => {
  if (lines.length === 0 && aggregated === 0 && tooLong === 0) return;
  Atomics.add(inFlight, 0, lines.length);
  data.postMessage({ lines, times, aggregated, tooLong });
  lines = []; times = []; aggregated = 0; tooLong = 0;
};
const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
child.on('spawn', () => parentPort.postMessage({ type: 'spawn', pid: child.pid }));
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  const now = Date.now();
  const parts = (partial + chunk).split('\n');
  partial = parts.pop() || '';
  if (partial.length > 4096) { tooLong += 1; partial = ''; }
  for (const line of parts) {
    if (Atomics.load(inFlight, 0) + lines.length >= cap) { if (line.startsWith('tcp') || line.startsWith('udp') || line.startsWith('C ')) aggregated += 1; continue; }
    lines.push(line); times.push(now);
  }
});
child.stderr.setEncoding('utf8');
child.stderr.on('data', (chunk) => {
  for (const l of chunk.split('\n')) if (l.trim() !== '') parentPort.postMessage({ type: 'stderr', line: l.trim().slice(0, 200) });
});
const timer = setInterval(flush, 20);
let ended = false;
const end = (why) => {
  if (ended) return;
  ended = true;
  clearInterval(timer);
  flush();
  parentPort.postMessage({ type: 'close', why, cutShort: partial.trim() !== '' });
};
child.on('error', (e) => end('could not run ' + command[0] + ': ' + e.message));
const label = /bpftrace$/.test(command[0]) ? 'bpftrace' : 'ss';
child.on('close', (code, signal) => end(code !== null ? label + ' exited with code ' + code : label + ' was killed by ' + (signal || 'a signal')));
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 1000).unref();
});
`;

/** Lines taken from the thread since the last pull. */
export interface PulledLines {
  lines: string[];
  /** Epoch ms each line arrived, in step with `lines`. */
  times: number[];
  /** Event lines (ss destroy lines, tracepoint connect lines) only counted because the queue was full. */
  aggregated: number;
  /** Lines longer than 4 kB, dropped. */
  tooLong: number;
}

/** What the thread reports as it happens. */
export interface LineThreadEvents {
  onSpawn(pid: number): void;
  onStderr(line: string): void;
  /** The command ended (or could not start); `cutShort` when its last line had no newline. pull() still works here. */
  onClose(why: string, cutShort: boolean): void;
}

/** A running command whose lines wait for pull(). */
export interface LineThread {
  pull(): PulledLines;
  /** Stops the command (SIGTERM, SIGKILL a second later) and the thread. */
  stop(): Promise<void>;
  pid(): number | null;
}

interface DataMessage {
  lines: string[];
  times: number[];
  aggregated: number;
  tooLong: number;
}

type ControlMessage = { type: 'spawn'; pid: number } | { type: 'stderr'; line: string } | { type: 'close'; why: string; cutShort: boolean };

/** Starts `command` in a fresh thread; at most `cap` lines wait unpulled. */
export function startLineThread(command: readonly string[], cap: number, events: LineThreadEvents): LineThread {
  const { port1, port2 } = new MessageChannel();
  const counter = new SharedArrayBuffer(4);
  const inFlight = new Int32Array(counter);
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { command: [...command], cap, data: port2, counter }, transferList: [port2] });
  let pid: number | null = null;
  let closed = false;
  const close = (why: string, cutShort: boolean): void => {
    if (closed) return;
    closed = true;
    pid = null;
    // onClose may still pull() the last lines; the port closes after it.
    events.onClose(why, cutShort);
    void worker.terminate().then(() => port1.close());
  };
  worker.on('message', (m: ControlMessage) => {
    if (m.type === 'spawn') {
      pid = m.pid;
      events.onSpawn(m.pid);
    } else if (m.type === 'stderr') events.onStderr(m.line);
    else close(m.why, m.cutShort);
  });
  worker.on('error', (error) => close(`the reader thread failed: ${error.message}`, false));
  worker.on('exit', () => close('the reader thread stopped', false));

  return {
    pull() {
      const out: PulledLines = { lines: [], times: [], aggregated: 0, tooLong: 0 };
      for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) {
        const d = m.message as DataMessage;
        for (let i = 0; i < d.lines.length; i += 1) {
          out.lines.push(d.lines[i] ?? '');
          out.times.push(d.times[i] ?? 0);
        }
        out.aggregated += d.aggregated;
        out.tooLong += d.tooLong;
        Atomics.sub(inFlight, 0, d.lines.length);
      }
      return out;
    },
    async stop() {
      if (!closed) {
        const exited = new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          setTimeout(resolve, 2500).unref();
        });
        worker.postMessage('stop');
        await exited;
      }
      await worker.terminate();
    },
    pid: () => pid,
  };
}
