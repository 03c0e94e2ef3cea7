/**
 * The churn engine: turns consecutive raw samples into deltas and keeps the bounded history the UI
 * shows beside the table (rates, lifetimes, top churners, per-port tenancies, reconciliation).
 * Pure and synchronous: the port service owns timing and I/O, so every figure here is testable
 * with constructed samples.
 */
import type { ChurnSummary, Histogram, PortHold } from '../../../shared/churn-model';
import type { SocketFlags } from '../../../shared/exhaustion-model';
import type { Delta, KernelCounters, Owner, Proto, Snapshot, Socket } from '../../../shared/model';
import { ExhaustionMonitor } from '../exhaustion/exhaustion-monitor';
import { socketFlags } from '../exhaustion/flags';
import type { RawSample } from '../sampler/types';
import { applyRowDiff, type ConnectionTick, type TrackedRow } from './connection-tracker';
import type { Connection } from './connections';
import { DestinationTracker, localsByUse } from './destinations';
import { DestroyEvents, type DestroyEventsFeed, type TickEvents } from './destroy-events';
import { OwnerChurn, OwnerSockets, topByChurn, topBySockets } from './churners';
import { LifetimeHistogram, ProcessLifetimes } from './lifetime-histogram';
import { PortHistory, trimWords } from './port-history';
import { RateWindow } from './rate-window';
import { BasisCounts } from './basis-counts';
import type { Tuple } from './connections';
import { Reconciler, kernelOpensBetween, noEventOnlyBirths, type EventOnlyBirthsFeed } from './reconcile';
import { diffRows, type RowDiff } from './row-diff';
import type { ChurnEngine, ChurnLimits, SnapshotMeta } from './types';

/** The caps used where the caller names none. */
export const DEFAULT_CHURN_LIMITS: Readonly<ChurnLimits> = { rateWindowSec: 300, holdsPerPort: 16, portsTracked: 20_000 };

/** Processes whose lifetime histograms are kept, least recently active dropped first. */
export const PROCESS_HISTOGRAMS = 256;

const TOP_N = 5;

/** Optional inputs beyond the samples: destroy events. */
export interface ChurnHooks {
  /** Feeds TickStats.eventOnlyBirths and the reconciliation with a bare count; defaults to none. */
  eventOnlyBirths?: EventOnlyBirthsFeed;
  /**
   * The destroy-event reader's drain. With it the engine matches events to the table (exact ends of
   * seen connections, unseen connections counted with an inferred owner), tallies unseen lifetimes
   * as below one tick, and infers owners of connections first seen in TIME_WAIT.
   */
  destroyEvents?: DestroyEventsFeed;
  /** This process's uid for owner inference (default process.getuid(); see DestroyEvents). */
  selfUid?: number | null;
  /** The connect tracepoint's exact owner of a tuple (partial: local port and peer address only). */
  exactOwner?: (t: Tuple, partial: boolean, time: number) => Owner | null;
  /**
   * Every birth of a tick (after the first), sampled and event-only, with the owner Ephemera gave
   * it: how the fidelity benchmark holds each one against the process that really made it.
   */
  onBirths?: (births: readonly ReportedBirth[]) => void;
}

/** A birth as the engine reported it. */
export interface ReportedBirth {
  tuple: Tuple;
  owner: Owner | null;
  /** False for a connection known only from its destroy event. */
  sampled: boolean;
  /** Epoch ms it was known: the sample's time, or the destroy event's. */
  time: number;
}

const NO_EVENTS: TickEvents = { closes: new Map(), unseenTcp: [] };

function resolveLimits(limits: Partial<ChurnLimits> | undefined): ChurnLimits {
  const out = { ...DEFAULT_CHURN_LIMITS, ...limits };
  for (const [name, value] of Object.entries(out)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`churn limit ${name} must be a positive integer, got ${value}`);
  }
  return out;
}

/**
 * Asks the destroy-event hook before anything changes, so a throwing hook leaves the engine as it
 * was; a count that is not a non-negative integer is taken as none.
 */
function askFeed(feed: EventOnlyBirthsFeed, window: Parameters<EventOnlyBirthsFeed>[0]): number {
  const n = feed(window);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** Everything the engine remembers between ticks. */
interface EngineState {
  meta: SnapshotMeta;
  seq: number;
  time: number;
  counters: KernelCounters | null;
  rows: Map<string, TrackedRow>;
  /** How long the previous sample took, ms. */
  lastReadMs: number;
}

function reportedBirths(tick: ConnectionTick, ended: TickEvents, time: number): ReportedBirth[] {
  const births: ReportedBirth[] = tick.born.map(({ conn, socket }) => ({ tuple: socket, owner: conn.owner, sampled: true, time }));
  ended.unseenTcpBirths?.forEach((u, i) => births.push({ tuple: u.tuple, owner: ended.unseenTcp[i] ?? null, sampled: false, time: u.time }));
  return births;
}

/** Keeps the per-owner socket counts in step with the diff (before the tracker replaces rows). */
function countOwners(owners: OwnerSockets, diff: RowDiff<TrackedRow>): void {
  for (const r of diff.removed) owners.remove(r.socket.owner);
  for (const { held, next } of diff.changed) {
    owners.remove(held.socket.owner);
    owners.add(next.owner);
  }
  for (const s of diff.added) owners.add(s.owner);
}

/** When a connection ended: its destroy event's time when one matched, else the sample's. */
function endOf(conn: Connection, events: TickEvents, time: number): number {
  return events.closes.get(conn) ?? time;
}

/** Opens, follows and closes per-port tenancies for one tick. */
function trackHolds(ports: PortHistory, tick: ConnectionTick, events: TickEvents, time: number): void {
  for (const { conn, socket } of tick.born) conn.hold = ports.open(socket, conn.owner, conn.firstSeen);
  for (const { conn, socket } of tick.continued) if (conn.hold !== null) ports.update(conn.hold, socket, conn.owner);
  for (const conn of tick.died) if (conn.hold !== null) ports.close(conn.hold, endOf(conn, events, time));
}

/**
 * Creates an engine. Lifetimes in the histograms are per connection: from the first sight of its
 * first row to the sample where its last row is gone, so a TIME_WAIT tail counts, because that is
 * how long the tuple (and its ephemeral port) stayed taken. Connections already alive at the first
 * sample are left out of the histograms (their birth is unknown) and are not counted as births.
 */
export function createChurnEngine(meta: SnapshotMeta, limits?: Partial<ChurnLimits>, hooks?: ChurnHooks): ChurnEngine {
  const caps = resolveLimits(limits);
  const feed = hooks?.eventOnlyBirths ?? noEventOnlyBirths;
  const withEvents = hooks?.destroyEvents !== undefined;
  const state: EngineState = { meta, seq: 0, time: 0, counters: null, rows: new Map(), lastReadMs: 0 };
  const owners = new OwnerSockets();
  const churn = new OwnerChurn(caps.rateWindowSec);
  const rates = new RateWindow(caps.rateWindowSec, withEvents);
  const lifetimes = new LifetimeHistogram(withEvents);
  const processLifetimes = new ProcessLifetimes(PROCESS_HISTOGRAMS, withEvents);
  const ports = new PortHistory(caps.holdsPerPort, caps.portsTracked);
  const reconciler = new Reconciler();
  const bases = new BasisCounts();
  const exhaustion = new ExhaustionMonitor();
  const destinations = new DestinationTracker();
  let flags: SocketFlags = socketFlags([], meta.ephemeralRange);
  let lastTrimWords: string | null = null;
  const events =
    hooks?.destroyEvents === undefined
      ? null
      : new DestroyEvents(
          hooks.destroyEvents,
          (proto, port) => {
            const hold = ports.latest(port, proto);
            return hold === undefined || hold.owner === null ? null : { owner: hold.owner, to: hold.to, remote: hold.remote };
          },
          hooks.selfUid,
          hooks.exactOwner,
        );

  function recordLifetimes(tick: ConnectionTick, ended: TickEvents, time: number): void {
    for (const conn of tick.died) {
      if (conn.censored) continue;
      const ms = Math.max(0, endOf(conn, ended, time) - conn.firstSeen);
      lifetimes.add(ms);
      if (conn.owner !== null) processLifetimes.add(conn.owner, ms);
    }
    for (const owner of ended.unseenTcp) {
      lifetimes.addBelowTick();
      if (owner !== null) processLifetimes.addBelowTick(owner);
    }
  }

  function ingest(sample: RawSample): Delta {
    const first = state.seq === 0;
    const fedCount = first ? 0 : askFeed(feed, { prevTime: state.time, sample });
    events?.begin(sample.time, first);
    const seq = state.seq + 1;
    const diff = diffRows(state.rows, sample.sockets, seq);
    countOwners(owners, diff);
    destinations.followRows(diff);
    const readSkewMs = Math.max(state.lastReadMs, Math.max(0, sample.durationMs));
    const tick = applyRowDiff(state.rows, diff, { time: sample.time, tick: seq, first, prevTime: state.time, readSkewMs });
    const ended = events?.settle(diff.added, diff.removed, tick, sample.time) ?? NO_EVENTS;
    trackHolds(ports, tick, ended, sample.time);
    destinations.followConnections(tick, (c) => endOf(c, ended, sample.time), sample.time, first);
    const changed = diff.changed.map((c) => c.next);
    const table = (): Socket[] => Array.from(state.rows.values(), (r) => r.socket);
    const removedRows = diff.removed.map((r) => r.socket);
    exhaustion.observe(sample.sockets, { added: diff.added, removed: removedRows, changed }, table, state.meta.ephemeralRange, sample.time);
    flags = socketFlags(sample.sockets, state.meta.ephemeralRange);
    recordLifetimes(tick, ended, sample.time);

    const births = first ? 0 : tick.born.length;
    const deaths = tick.died.length;
    const eventOnlyBirths = fedCount + ended.unseenTcp.length;
    const kernelOpens = kernelOpensBetween(state.counters, sample.counters);
    reconciler.record({ kernelOpens, seenBySampling: tick.opens, eventOnlyBirths });
    rates.add(sample.time, births, deaths, kernelOpens, eventOnlyBirths);
    const bornOwners: (Owner | null)[] = first ? [] : tick.born.map((b) => b.conn.owner);
    const unseenOwners = ended.unseenTcp;
    bases.add(bornOwners);
    bases.add(unseenOwners);
    if (hooks?.onBirths !== undefined && !first) hooks.onBirths(reportedBirths(tick, ended, sample.time));
    churn.record(sample.time, [...bornOwners, ...unseenOwners], [...tick.died.map((c) => c.owner), ...unseenOwners]);

    Object.assign(state, { seq, time: sample.time, counters: sample.counters, lastReadMs: Math.max(0, sample.durationMs) });
    return {
      seq,
      baseSeq: seq - 1,
      time: sample.time,
      added: diff.added,
      removed: tick.removed,
      changed,
      counters: sample.counters,
      stats: { births, deaths, eventOnlyBirths, kernelOpens, sampleMs: Math.max(0, sample.durationMs) },
    };
  }

  function snapshot(): Snapshot {
    const sockets: Snapshot['sockets'] = [];
    const firstSeen: Snapshot['firstSeen'] = {};
    for (const r of state.rows.values()) {
      sockets.push(r.socket);
      firstSeen[r.socket.id] = r.firstSeen;
    }
    const { host, platform, source, ephemeralRange } = state.meta;
    return {
      seq: state.seq,
      time: state.time,
      host,
      platform,
      source,
      ephemeralRange: { ...ephemeralRange },
      sockets,
      counters: state.counters,
      firstSeen,
    };
  }

  function summary(): ChurnSummary {
    return {
      buckets: rates.buckets(),
      lifetimes: lifetimes.toHistogram(),
      topBySockets: topBySockets(owners, churn, TOP_N),
      topByChurn: topByChurn(owners, churn, TOP_N),
      reconciliation: { ...reconciler.summary(), birthsByBasis: bases.summary() },
      ...(events === null ? {} : { events: events.summary() }),
      exhaustion: exhaustion.current(),
      flags,
    };
  }

  return {
    ingest,
    snapshot,
    summary,
    portHistory: (port: number, proto: Proto): PortHold[] => ports.history(port, proto),
    setMeta: (next: SnapshotMeta): void => {
      state.meta = next;
    },
    lifetimesFor: (pid: number, startTime?: number): Histogram | null => processLifetimes.get(pid, startTime),
    destinations: (limit: number) =>
      destinations.top(limit, state.time, (d) => exhaustion.busiestToward(d.proto, d.remoteAddress, d.remotePort, localsByUse(d), state.time)),
    shrink: (): boolean => {
      const before = ports.budget;
      ports.setBudget(before / 2);
      return ports.budget < before;
    },
    notices: (): string[] => {
      const words = trimWords(ports, state.time);
      if (words === null || words === lastTrimWords) return [];
      lastTrimWords = words;
      return [words];
    },
    sizes: (): Record<string, number> => {
      let timeWaitRows = 0;
      for (const r of state.rows.values()) if (r.socket.state === 'TIME_WAIT') timeWaitRows += 1;
      return {
        rows: state.rows.size,
        timeWaitRows,
        portHistoryPorts: ports.size,
        portHistoryHolds: ports.holds,
        portHistoryBytes: ports.bytes,
        processLifetimes: processLifetimes.size,
        ownersWithSockets: owners.size,
        ...exhaustion.sizes(),
        ...(events?.sizes() ?? {}),
      };
    },
  };
}
