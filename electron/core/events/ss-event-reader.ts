/**
 * The long-running `ss -E -tuna -e` reader: the kernel tells every listener on the sock_diag
 * netlink group about each socket it destroys, so connections that live and die between two polls
 * still get counted. `stdbuf -oL` makes ss flush each line (a pipe would otherwise hold up to 4 kB).
 * It runs where the churn engine runs (the sampler thread), restarts with backoff when ss dies,
 * and says what it is doing in the words the status line shows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EventBuffer } from './event-buffer';
import { isKernelDropMessage, parseDestroyLine } from './ss-event-line';
import type { DestroyBatch } from './types';

/** The status text while ss runs. */
export const RUNNING_STATE = 'running (ss -E)';
/** The status text where ss cannot be found. */
export const NO_SS_STATE = 'off: ss not found';

/** Restart backoff: initial delay doubles per consecutive failure up to max; a run of stableMs resets it. */
export interface ReaderBackoff {
  initialMs: number;
  maxMs: number;
  stableMs: number;
}

/** Options of createSsEventReader; the defaults read this machine. */
export interface SsEventReaderOptions {
  /** The command line; default `stdbuf -oL ss -E -tuna -e` (ss alone when stdbuf is missing). */
  command?: readonly string[];
  /** Directories searched for ss and stdbuf (default $PATH plus /usr/sbin and /sbin). */
  searchPath?: readonly string[];
  /** Events kept between ticks before counting only (default 20,000). */
  bufferCap?: number;
  backoff?: Partial<ReaderBackoff>;
  /** Called on every state change, e.g. to post it to the service. */
  onState?: (state: string) => void;
  now?: () => number;
}

/** A destroy-event source the sampler starts, stops and drains once per tick. */
export interface DestroyEventReader {
  start(): void;
  /** Stops ss (SIGTERM, then SIGKILL after a second); `why` becomes the state 'off: <why>'. */
  stop(why?: string): Promise<void>;
  drain(until: number): DestroyBatch;
  state(): string;
  /** The running ss process's pid, null while none runs. */
  pid(): number | null;
}

/** Longest line kept while waiting for its end; anything longer is not an ss destroy line. */
const MAX_LINE = 4096;

/** The first executable called `name` in `dirs`, or null. */
export function findExecutable(name: string, dirs: readonly string[]): string | null {
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here; next
    }
  }
  return null;
}

function defaultSearchPath(): string[] {
  return [...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== ''), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
}

/** The default command line, or null when ss is missing. */
export function defaultCommand(dirs: readonly string[]): string[] | null {
  const ss = findExecutable('ss', dirs);
  if (ss === null) return null;
  const stdbuf = findExecutable('stdbuf', dirs);
  return stdbuf === null ? [ss, '-E', '-tuna', '-e'] : [stdbuf, '-oL', ss, '-E', '-tuna', '-e'];
}

/** Creates a stopped reader; start() launches ss. */
export function createSsEventReader(options: SsEventReaderOptions = {}): DestroyEventReader {
  const policy: ReaderBackoff = { initialMs: 1000, maxMs: 60_000, stableMs: 30_000, ...options.backoff };
  const now = options.now ?? Date.now;
  const buffer = new EventBuffer(options.bufferCap);
  const command = options.command ?? defaultCommand(options.searchPath ?? defaultSearchPath());
  let state = command === null ? NO_SS_STATE : 'off: not started';
  let child: ChildProcess | null = null;
  let wanted = false;
  let failures = 0;
  let startedAt = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: string): void => {
    if (next === state) return;
    state = next;
    options.onState?.(next);
  };

  const onLine = (line: string): void => {
    if (buffer.full) {
      if (line.startsWith('tcp') || line.startsWith('udp')) buffer.countAggregated();
      return;
    }
    const r = parseDestroyLine(line, now());
    if (r.kind === 'event') buffer.push(r.event);
    else if (r.kind === 'refused') buffer.countMalformed(r.reason);
  };

  const launch = (): void => {
    restartTimer = null;
    if (!wanted || command === null) return;
    const [file, ...args] = command as [string, ...string[]];
    const proc = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    child = proc;
    startedAt = now();
    let partial = '';
    let lastError = '';
    proc.stdout?.setEncoding('utf8');
    proc.stdout?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      if (partial.length > MAX_LINE) {
        buffer.countMalformed(`a line longer than ${MAX_LINE} characters`);
        partial = '';
      }
      for (const line of lines) onLine(line);
    });
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line.trim() === '') continue;
        if (isKernelDropMessage(line)) buffer.countKernelDrop();
        else lastError = line.trim().slice(0, 200);
      }
    });
    proc.on('spawn', () => setState(RUNNING_STATE));
    let ended = false;
    const finish = (why: string): void => {
      if (ended) return;
      ended = true;
      if (child === proc) child = null;
      // A line without its newline was cut short by the exit: never read as an event.
      if (partial.trim() !== '') buffer.countMalformed('a line cut short when ss stopped');
      if (wanted) scheduleRestart(lastError === '' ? why : `${why}: ${lastError}`);
    };
    proc.on('error', (error) => finish(`could not run ${file}: ${error.message}`));
    proc.on('close', (code, signal) => finish(code !== null ? `ss exited with code ${code}` : `ss was killed by ${signal ?? 'a signal'}`));
  };

  const scheduleRestart = (reason: string): void => {
    if (now() - startedAt >= policy.stableMs) failures = 0;
    const delay = Math.min(policy.maxMs, policy.initialMs * 2 ** failures);
    failures += 1;
    setState(`restarting in ${Math.max(1, Math.round(delay / 1000))}s: ${reason}`);
    restartTimer = setTimeout(launch, delay);
    restartTimer.unref?.();
  };

  return {
    start() {
      if (wanted) return;
      wanted = true;
      if (command === null) {
        setState(NO_SS_STATE);
        return;
      }
      failures = 0;
      launch();
    },
    async stop(why = 'stopped') {
      wanted = false;
      if (restartTimer !== null) clearTimeout(restartTimer);
      restartTimer = null;
      const proc = child;
      child = null;
      if (proc !== null && proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise<void>((resolve) => {
          proc.once('close', () => resolve());
          // A process that never spawned may not close; do not wait for it forever.
          setTimeout(resolve, 2000).unref?.();
        });
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 1000);
        await exited;
        clearTimeout(timer);
      }
      setState(command === null ? NO_SS_STATE : `off: ${why}`);
    },
    drain: (until) => buffer.drain(until),
    state: () => state,
    pid: () => child?.pid ?? null,
  };
}
