/**
 * A PortService-shaped feeder for the UI benchmark: a machine with N sockets whose table
 * changes at a fixed rate with a fixed churn, so the renderer's frame times are measured
 * under a load no real laptop holds steady. Deterministic (seeded) so runs compare.
 */
import type { ChurnSummary, RateBucket } from '../../shared/churn-model';
import type { EventName, EventOf } from '../../shared/contract';
import type { Delta, ProcessInfo, Snapshot, Socket, SocketState } from '../../shared/model';
import type { HostService } from '../../electron/web/dispatch';

/** The load to simulate. */
export interface FeedOptions {
  sockets: number;
  updatesPerSecond: number;
  /** Fraction of rows replaced per update (births = deaths = sockets × churn). */
  churn: number;
  /** Fraction of rows whose queues change per update. */
  changes: number;
  seed?: number;
}

/** The feeder plus what the bench needs to drive and read it. */
export interface SyntheticService extends HostService {
  /** Starts the update timer. */
  start(): void;
  /** Stops it and drops listeners. */
  close(): Promise<void>;
  /** Updates emitted so far. */
  updates(): number;
}

const STATES: SocketState[] = ['ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'TIME_WAIT', 'CLOSE_WAIT', 'LISTEN', 'SYN_SENT'];
const RANGE = { low: 32768, high: 60999, source: 'os' as const, origin: 'synthetic' };

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** Builds the feeder; nothing runs until start(). */
export function createSyntheticService(options: FeedOptions): SyntheticService {
  const rand = random(options.seed ?? 7);
  const rows = new Map<string, Socket>();
  const firstSeen = new Map<string, number>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const buckets: RateBucket[] = [];
  let seq = 0;
  let inode = 100_000;
  let timer: ReturnType<typeof setInterval> | null = null;
  let intervalMs = Math.round(1000 / options.updatesPerSecond);
  let paused = false;

  const makeRow = (): Socket => {
    inode += 1;
    const localPort = RANGE.low + Math.floor(rand() * (RANGE.high - RANGE.low));
    const state = pick(rand, STATES);
    const pid = 1000 + Math.floor(rand() * 60);
    return {
      id: `tcp|127.0.0.1:${localPort}|10.0.${inode % 250}.${inode % 200}:443|${inode}`,
      proto: 'tcp', family: 4, localAddress: '127.0.0.1', localPort,
      remoteAddress: `10.0.${inode % 250}.${inode % 200}`, remotePort: 443, state,
      inode, uid: 1000, txQueue: 0, rxQueue: 0, timer: null,
      owner: { pid, startTime: pid * 10, name: `proc-${pid}` },
    };
  };
  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const snapshot = (): Snapshot => ({
    seq, time: Date.now(), host: 'synthetic', platform: 'linux', source: 'synthetic', ephemeralRange: RANGE,
    sockets: [...rows.values()], counters: null, firstSeen: Object.fromEntries(firstSeen),
  });
  const summary = (): ChurnSummary => ({
    buckets: buckets.slice(-300),
    lifetimes: { boundsMs: [100, 1000, 10000, 60000], counts: [0, 0, 0, 0] },
    topBySockets: [], topByChurn: [],
    reconciliation: { kernelOpens: null, seenBySampling: seq * Math.round(options.sockets * options.churn), seenOnlyByEvents: 0, missed: null },
  });
  const status = () => ({
    source: 'synthetic', intervalMs, paused, lastSampleMs: 1, stretched: false, samples: seq,
    ownerCoverage: { attributed: rows.size, total: rows.size }, events: 'off: synthetic', ephemeralRange: RANGE, errors: [],
  });

  const tick = (): void => {
    if (paused) return;
    const now = Date.now();
    const n = Math.round(options.sockets * options.churn);
    const ids = [...rows.keys()];
    const removed = ids.slice(0, n).map((id) => {
      const gone = rows.get(id) as Socket;
      rows.delete(id);
      const lifetimeMs = now - (firstSeen.get(id) ?? now);
      firstSeen.delete(id);
      return { id, lifetimeMs, lastState: gone.state };
    });
    const added = Array.from({ length: n }, () => makeRow());
    for (const row of added) {
      rows.set(row.id, row);
      firstSeen.set(row.id, now);
    }
    const changed: Socket[] = [];
    for (let i = 0; i < options.sockets * options.changes; i += 1) {
      const row = rows.get(pick(rand, ids));
      if (!row || changed.includes(row)) continue;
      const next = { ...row, txQueue: Math.floor(rand() * 4096) };
      rows.set(row.id, next);
      changed.push(next);
    }
    seq += 1;
    const delta: Delta = {
      seq, baseSeq: seq - 1, time: now, added, removed, changed, counters: null,
      stats: { births: n, deaths: n, eventOnlyBirths: 0, kernelOpens: null, sampleMs: 1 },
    };
    const t = Math.floor(now / 1000) * 1000;
    const last = buckets.at(-1);
    if (last && last.t === t) {
      last.births += n;
      last.deaths += n;
    } else buckets.push({ t, births: n, deaths: n, kernelOpens: null });
    emit('delta', delta);
    if (seq % options.updatesPerSecond === 0) {
      emit('churn', summary());
      emit('status', status());
    }
  };

  for (let i = 0; i < options.sockets; i += 1) {
    const row = makeRow();
    rows.set(row.id, row);
    firstSeen.set(row.id, Date.now());
  }

  const process = (pid: number): ProcessInfo => ({
    pid, startTime: pid * 10, name: `proc-${pid}`, exe: `/usr/bin/proc-${pid}`, cmdline: [`proc-${pid}`, '--synthetic'],
    user: 'bench', uid: 1000, ppid: 1, startedAt: Date.now() - 60_000, cpuPercent: 0, rssBytes: 1 << 20,
  });

  // Echoes the watched set; spread so the feeder compiles whether or not the contract has the method yet.
  const watched = { setWatchedPorts: async (request: { ports: number[] }) => ({ ports: [...request.ports] }) };

  // The UI bench never acts: actions and the port check answer in words, like a host without --allow-actions.
  const refuse = async (): Promise<never> => Promise.reject(new Error('actions are off in the UI bench'));
  const actions = { previewAction: refuse, endProcess: refuse, closeConnection: refuse, checkPort: refuse };

  return {
    ...watched,
    ...actions,
    subscribe: async () => ({ snapshot: snapshot(), churn: summary() }),
    getStatus: async () => status(),
    getChurn: async () => summary(),
    getProcess: async ({ pid }) => process(pid),
    getPortHistory: async () => [],
    // No lifetimes per process and no port table in the feeder: the renderer asks and gets nothing.
    getProcessLifetimes: async () => null,
    getServiceNames: async () => ({}),
    // The bench opens no captures.
    parseCapture: async () => Promise.reject(new Error('the UI bench reads no captures')),
    openCaptureFile: async () => null,
    // No names, destinations or tcp_info in the feeder (issue 13): the renderer gets empty answers.
    getHostNames: async () => ({ resolving: false, names: {} }),
    setResolveNames: async () => ({ on: false }),
    getDestinations: async () => ({ time: Date.now(), spanSec: 0, destinations: [], totals: { births: 0, timeWait: 0, tracked: 0 } }),
    getTcpInfo: async () => ({ available: false, reason: 'not available in the synthetic feeder' }),
    exportSnapshot: async ({ format }) => ({
      filename: `synthetic.${format}`, mime: 'application/json', content: JSON.stringify(snapshot()),
    }),
    setInterval: async ({ ms }) => {
      intervalMs = ms;
      return status();
    },
    pause: async () => {
      paused = true;
      return status();
    },
    resume: async () => {
      paused = false;
      return status();
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      listeners.set(event, set);
      return () => void set.delete(entry);
    },
    start: () => {
      timer ??= setInterval(tick, intervalMs);
    },
    close: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      listeners.clear();
    },
    updates: () => seq,
  };
}
