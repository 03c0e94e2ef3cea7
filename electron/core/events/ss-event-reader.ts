/**
 * The long-running `ss -E -tuna -e` reader: the kernel tells every listener on the sock_diag
 * netlink group about each socket it destroys, so connections that live and die between two polls
 * still get counted. `stdbuf -oL` makes ss flush each line (a pipe would otherwise hold up to 4 kB).
 * It runs where the churn engine runs (the sampler thread), with ss's output read by a line thread
 * of its own (see line-thread.ts), restarts with backoff when ss dies, and says what it is doing in
 * the words the status line shows.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EventBuffer } from './event-buffer';
import { startLineThread, type LineThread } from './line-thread';
import { isKernelDropMessage, parseDestroyLine } from './ss-event-line';
import type { DestroyBatch } from './types';

/** The status text while ss runs. */
export const RUNNING_STATE = 'running (ss -E)';
/** The status text from start() until ss runs. */
export const STARTING_STATE = 'starting (ss -E)';
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

/** Longest line the line thread keeps (it drops longer ones); anything longer is not an ss destroy line. */
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
  let thread: LineThread | null = null;
  let wanted = false;
  let failures = 0;
  let startedAt = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: string): void => {
    if (next === state) return;
    state = next;
    options.onState?.(next);
  };

  /** Parses what the thread queued into the buffer (counting once the buffer is full). */
  const take = (from: LineThread): void => {
    const pulled = from.pull();
    for (let i = 0; i < pulled.aggregated; i += 1) buffer.countAggregated();
    for (let i = 0; i < pulled.tooLong; i += 1) buffer.countMalformed(`a line longer than ${MAX_LINE} characters`);
    pulled.lines.forEach((line, i) => {
      if (buffer.full) {
        if (line.startsWith('tcp') || line.startsWith('udp')) buffer.countAggregated();
        return;
      }
      const r = parseDestroyLine(line, pulled.times[i] ?? now());
      if (r.kind === 'event') buffer.push(r.event);
      else if (r.kind === 'refused') buffer.countMalformed(r.reason);
    });
  };

  const launch = (): void => {
    restartTimer = null;
    if (!wanted || command === null) return;
    if (!state.startsWith('restarting')) setState(STARTING_STATE);
    startedAt = now();
    let lastError = '';
    const started: LineThread = startLineThread(command, buffer.cap, {
      onSpawn: () => setState(RUNNING_STATE),
      onStderr: (line) => {
        if (isKernelDropMessage(line)) buffer.countKernelDrop();
        else lastError = line;
      },
      onClose: (why, cutShort) => {
        take(started);
        // A line without its newline was cut short by the exit: never read as an event.
        if (cutShort) buffer.countMalformed('a line cut short when ss stopped');
        if (thread === started) thread = null;
        if (wanted) scheduleRestart(lastError === '' ? why : `${why}: ${lastError}`);
      },
    });
    thread = started;
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
      const running = thread;
      thread = null;
      await running?.stop();
      setState(command === null ? NO_SS_STATE : `off: ${why}`);
    },
    drain(until) {
      if (thread !== null) take(thread);
      return buffer.drain(until);
    },
    state: () => state,
    pid: () => thread?.pid() ?? null,
  };
}
