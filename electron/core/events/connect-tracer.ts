/**
 * The optional exact-owner source: bpftrace on the sock:inet_sock_set_state tracepoint (see
 * connect-trace-line.ts), read by a line thread of its own like the `ss -E` reader, bounded the
 * same way (a cap on queued lines, past it lines are only counted; a bounded map of recent
 * connects). It needs root, bpftrace and a mounted tracefs, and says which is missing; a program
 * the kernel will not load is reported as refused, not retried forever.
 */
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import type { Owner } from '../../../shared/model';
import type { Tuple } from '../churn/connections';
import { LruMap } from '../churn/lru-map';
import { clockTicksPerSecond } from '../owners/sysconf';
import { CONNECT_SCRIPT, parseConnectLine } from './connect-trace-line';
import { plainAddress } from './event-matcher';
import { startLineThread, type LineThread } from './line-thread';
import { findExecutable } from './ss-event-reader';

/** The status text while the program runs. */
export const TRACE_RUNNING = 'running (tracepoint)';
/** From start() until bpftrace has attached its probes (compiling takes seconds). */
export const TRACE_STARTING = 'starting (bpftrace)';

/** What the tracer has seen since it started. */
export interface TraceStats {
  connects: number;
  malformed: number;
  /** Lines only counted because the queue was full. */
  aggregated: number;
}

/** The source the sampler starts and stops; drain() once per tick before owners are looked up. */
export interface ConnectTracer {
  start(): void;
  stop(why?: string): Promise<void>;
  state(): string;
  drain(): void;
  /**
   * The process that connected from this tuple (a partial tuple: local port and peer address):
   * the latest connect seen by `time` (epoch ms) when given, so a connection whose tuple another
   * process took over afterwards (loopback reuses TIME_WAIT tuples) keeps its own owner.
   */
  ownerOf(t: Tuple, partial: boolean, time?: number): Owner | null;
  stats(): TraceStats;
}

/** Where the program's needs are looked for; tests point them elsewhere. */
export interface TracerOptions {
  uid?: number | null;
  searchPath?: readonly string[];
  tracefs?: readonly string[];
  clkTck?: number;
  /** Lines queued between drains before counting only (default 20,000). */
  cap?: number;
  onState?: (state: string) => void;
}

const TRACEFS = ['/sys/kernel/tracing/events/sock/inet_sock_set_state', '/sys/kernel/debug/tracing/events/sock/inet_sock_set_state'];
/** Recent connects kept for matching (a few seconds at thousands per second). */
const REMEMBERED = 65_536;

function searchPath(): string[] {
  return [...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== ''), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
}

/** Why the tracepoint source cannot run here, as the status says it; null when it can. */
export function tracerUnavailable(platform: string, options: TracerOptions = {}): string | null {
  if (platform !== 'linux') return 'off: the connect tracepoint needs Linux';
  const uid = options.uid === undefined ? (process.getuid?.() ?? null) : options.uid;
  if (uid !== 0) return 'off: not root (the connect tracepoint needs root)';
  if (findExecutable('bpftrace', options.searchPath ?? searchPath()) === null) return 'off: bpftrace missing';
  if (!(options.tracefs ?? TRACEFS).some((p) => existsSync(p))) {
    return 'off: tracefs not mounted (mount -t tracefs nodev /sys/kernel/tracing)';
  }
  return null;
}

/** One traced connect of a tuple: who, and when (the kernel's time of the connect). */
interface Seen {
  owner: Owner;
  time: number;
}

/** The last few connects per tuple, oldest first. */
const PER_TUPLE = 4;

function remember(map: LruMap<string, Seen[]>, k: string, owner: Owner, time: number): void {
  const list = map.get(k);
  if (list === undefined) map.set(k, [{ owner, time }]);
  else {
    list.push({ owner, time });
    if (list.length > PER_TUPLE) list.shift();
  }
}

function latestBy(list: readonly Seen[] | undefined, time: number | undefined): Owner | null {
  if (list === undefined) return null;
  for (let i = list.length - 1; i >= 0; i--) {
    const s = list[i];
    if (s !== undefined && (time === undefined || s.time <= time)) return s.owner;
  }
  return null;
}

/**
 * Epoch ms minus the monotonic clock's ms: Node's hrtime and bpftrace's `nsecs` both read
 * CLOCK_MONOTONIC. Date.now() floors, so the offset errs early by under 1 ms: a connect is never
 * dated after the destroy event that follows it.
 */
export function monoOffsetMs(): number {
  return Date.now() - Number(process.hrtime.bigint() / 1000n) / 1000;
}

const key = (local: string, lport: number, remote: string, rport: number): string =>
  `${plainAddress(local)}|${lport}|${plainAddress(remote)}|${rport}`;
const partialKey = (lport: number, remote: string): string => `${lport}|${plainAddress(remote)}`;

/** Creates a stopped tracer; null state reasons come from tracerUnavailable. */
export function createConnectTracer(platform: string, options: TracerOptions = {}): ConnectTracer {
  const clkTck = options.clkTck ?? clockTicksPerSecond();
  const unavailable = tracerUnavailable(platform, options);
  const bpftrace = findExecutable('bpftrace', options.searchPath ?? searchPath());
  const owners = new LruMap<string, Seen[]>(REMEMBERED);
  const partial = new LruMap<string, Seen[]>(REMEMBERED);
  const stats: TraceStats = { connects: 0, malformed: 0, aggregated: 0 };
  let state = unavailable ?? 'off: not started';
  let thread: LineThread | null = null;
  let attached = false;

  const setState = (next: string): void => {
    if (next === state) return;
    state = next;
    options.onState?.(next);
  };

  const take = (from: LineThread): void => {
    const pulled = from.pull();
    stats.aggregated += pulled.aggregated;
    const offset = monoOffsetMs();
    pulled.lines.forEach((line, i) => {
      if (line.startsWith('Attaching')) {
        attached = true;
        setState(TRACE_RUNNING);
      }
      const r = parseConnectLine(line, pulled.times[i] ?? Date.now(), clkTck, offset);
      if (r.kind === 'refused') stats.malformed += 1;
      if (r.kind !== 'connect') return;
      const c = r.connect;
      stats.connects += 1;
      remember(owners, key(c.localAddress, c.localPort, c.remoteAddress, c.remotePort), c.owner, c.time);
      remember(partial, partialKey(c.localPort, c.remoteAddress), c.owner, c.time);
    });
  };

  const launch = (): void => {
    if (bpftrace === null) return;
    attached = false;
    let lastError = '';
    setState(TRACE_STARTING);
    const started = startLineThread([bpftrace, '-e', CONNECT_SCRIPT], options.cap ?? 20_000, {
      onSpawn: () => undefined,
      onStderr: (line) => {
        // bpftrace warns it cannot raise RLIMIT_MEMLOCK where memory is cgroup-accounted: harmless.
        if (!line.includes('RLIMIT_MEMLOCK')) lastError = line;
      },
      onClose: (why) => {
        take(started);
        if (thread !== started) return;
        thread = null;
        const reason = lastError === '' ? why : lastError;
        setState(attached ? `off: bpftrace stopped: ${reason}` : `off: kernel refused: ${reason}`);
      },
    });
    thread = started;
  };

  return {
    start() {
      if (unavailable !== null || thread !== null) return;
      launch();
    },
    async stop(why = 'stopped') {
      const running = thread;
      thread = null;
      await running?.stop();
      if (unavailable === null) setState(`off: ${why}`);
    },
    state: () => state,
    drain() {
      if (thread !== null) take(thread);
    },
    ownerOf(t, isPartial, time) {
      if (t.proto !== 'tcp') return null;
      const seen = isPartial ? partial.peek(partialKey(t.localPort, t.remoteAddress)) : owners.peek(key(t.localAddress, t.localPort, t.remoteAddress, t.remotePort));
      return latestBy(seen, time);
    },
    stats: () => ({ ...stats }),
  };
}
