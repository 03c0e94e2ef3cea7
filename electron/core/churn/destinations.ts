/**
 * Churn by destination: one entry per remote (address, port, proto) that this machine calls. The
 * OS range is spent per destination, so "which destination eats the ports, and who calls it?" is
 * the question when they run out. Rows are followed through the engine's diff (never a rescan),
 * births and lifetimes through its connections. A server's accepted rows (local port listened on)
 * are not destinations: their peers' ports are the clients' ephemeral ports.
 *
 * Bounded: an entry lives while it has rows or births in the window; callers per entry are capped.
 */
import type { Destination, DestinationCaller, Destinations } from '../../../shared/destination-model';
import { DESTINATION_WINDOW_SEC, destinationKey } from '../../../shared/destination-model';
import type { TupleOccupancy } from '../../../shared/exhaustion-model';
import type { Owner, Proto, Socket, SocketState } from '../../../shared/model';
import type { ConnectionTick, TrackedRow } from './connection-tracker';
import type { Connection } from './connections';
import type { RowDiff } from './row-diff';
import { SecondCounts } from './second-counts';

/** Callers followed per destination; a full list drops its quietest rowless caller first. */
export const CALLERS_PER_DESTINATION = 8;
/** Callers listed per destination. */
const CALLERS_LISTED = 5;
/** Recent lifetimes kept per destination for the median. */
const LIFETIMES = 101;

interface Caller {
  owner: Owner;
  rows: number;
  births: SecondCounts;
  inferred: SecondCounts;
}

/** One destination's state between ticks. */
export interface DestinationState {
  key: string;
  proto: Proto;
  remoteAddress: string;
  remotePort: number;
  rows: number;
  states: Map<SocketState, number>;
  /** Rows per local address, for the busiest one's occupancy. */
  locals: Map<string, number>;
  callers: Map<string, Caller>;
  births: SecondCounts;
  unknown: SecondCounts;
  birthsTotal: number;
  lastBirthSec: number;
  lifetimes: number[];
  lifetimeAt: number;
  /** The process last seen on a live row to here: who an ownerless birth is given to. */
  lastOwner: Owner | null;
}

/** Reads a destination's occupancy (the engine asks its exhaustion monitor). */
export type OccupancyOf = (d: DestinationState) => TupleOccupancy | null;

const ownerKey = (o: Owner): string => `${o.pid}:${o.startTime}`;
const bump = <K>(m: Map<K, number>, k: K, by: number): void => {
  const n = (m.get(k) ?? 0) + by;
  if (n > 0) m.set(k, n);
  else m.delete(k);
};

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Follows destinations from tick to tick. */
export class DestinationTracker {
  private readonly byKey = new Map<string, DestinationState>();
  private readonly rowDest = new Map<string, DestinationState>();
  private readonly listening = new Map<number, number>();
  private readonly connDest = new WeakMap<Connection, DestinationState>();
  private startTime: number | null = null;
  private allBirths = 0;

  constructor(private readonly windowSec = DESTINATION_WINDOW_SEC) {}

  /** Destinations followed now. */
  get size(): number {
    return this.byKey.size;
  }

  /** Follows the rows of one diff; call before the diff is applied (changed rows still hold their old socket). */
  followRows(diff: RowDiff<TrackedRow>): void {
    for (const s of diff.added) if (s.proto === 'tcp' && s.state === 'LISTEN') bump(this.listening, s.localPort, 1);
    for (const r of diff.removed) this.removeRow(r.socket);
    for (const { held, next } of diff.changed) {
      const d = this.rowDest.get(held.socket.id);
      if (d === undefined) continue;
      this.count(d, held.socket, -1);
      this.count(d, next, 1);
    }
    for (const s of diff.added) this.addRow(s);
    for (const r of diff.removed) if (r.socket.proto === 'tcp' && r.socket.state === 'LISTEN') bump(this.listening, r.socket.localPort, -1);
  }

  /** Counts births and lifetimes of one tick's connections (after destroy events named what they could). */
  followConnections(tick: ConnectionTick, endOf: (c: Connection) => number, time: number, first: boolean): void {
    this.startTime ??= time;
    const sec = Math.floor(time / 1000);
    if (!first) for (const { conn, socket } of tick.born) this.birth(conn, socket, sec);
    for (const conn of tick.died) {
      const d = this.connDest.get(conn);
      if (d === undefined || conn.censored) continue;
      const ms = Math.max(0, endOf(conn) - conn.firstSeen);
      if (d.lifetimes.length < LIFETIMES) d.lifetimes.push(ms);
      else d.lifetimes[d.lifetimeAt] = ms;
      d.lifetimeAt = (d.lifetimeAt + 1) % LIFETIMES;
    }
  }

  /** The busiest `limit` destinations at `time`, and totals over all; forgets idle ones. */
  top(limit: number, time: number, occupancyOf: OccupancyOf): Destinations {
    const nowSec = Math.floor(time / 1000);
    const spanSec = Math.min(this.windowSec, Math.max(1, (time - (this.startTime ?? time)) / 1000));
    const scored: { d: DestinationState; births: number }[] = [];
    let timeWait = 0;
    for (const d of this.byKey.values()) {
      const active = d.lastBirthSec > nowSec - this.windowSec;
      if (d.rows === 0 && !active) {
        this.byKey.delete(d.key);
        continue;
      }
      timeWait += d.states.get('TIME_WAIT') ?? 0;
      scored.push({ d, births: active ? d.births.sum(nowSec) : 0 });
    }
    scored.sort((a, b) => b.births - a.births || b.d.rows - a.d.rows || (a.d.key < b.d.key ? -1 : 1));
    const destinations = scored.slice(0, limit).map(({ d, births }) => this.describe(d, births / spanSec, nowSec, occupancyOf(d)));
    return { time, spanSec, destinations, totals: { births: this.allBirths, timeWait, tracked: this.byKey.size } };
  }

  private isOutbound(s: Socket): boolean {
    if (s.remotePort === 0) return false;
    return !(s.proto === 'tcp' && (s.state === 'LISTEN' || this.listening.has(s.localPort)));
  }

  private entry(s: Socket): DestinationState {
    const key = destinationKey(s.proto, s.remoteAddress, s.remotePort);
    let d = this.byKey.get(key);
    if (d === undefined) {
      d = {
        key,
        proto: s.proto,
        remoteAddress: s.remoteAddress,
        remotePort: s.remotePort,
        rows: 0,
        states: new Map(),
        locals: new Map(),
        callers: new Map(),
        births: new SecondCounts(this.windowSec),
        unknown: new SecondCounts(this.windowSec),
        birthsTotal: 0,
        lastBirthSec: -Infinity,
        lifetimes: [],
        lifetimeAt: 0,
        lastOwner: null,
      };
      this.byKey.set(key, d);
    }
    return d;
  }

  private addRow(s: Socket): void {
    if (!this.isOutbound(s)) return;
    const d = this.entry(s);
    this.rowDest.set(s.id, d);
    this.count(d, s, 1);
  }

  private removeRow(s: Socket): void {
    const d = this.rowDest.get(s.id);
    if (d === undefined) return;
    this.rowDest.delete(s.id);
    this.count(d, s, -1);
  }

  private count(d: DestinationState, s: Socket, by: number): void {
    d.rows += by;
    bump(d.states, s.state, by);
    bump(d.locals, s.localAddress, by);
    if (s.owner === null) return;
    if (by > 0 && s.owner.inferred !== true) d.lastOwner = s.owner;
    const caller = by > 0 ? this.caller(d, s.owner) : d.callers.get(ownerKey(s.owner));
    if (caller !== undefined) caller.rows = Math.max(0, caller.rows + by);
  }

  /** A destination's caller, made room for when the list is full. */
  private caller(d: DestinationState, owner: Owner): Caller | undefined {
    const key = ownerKey(owner);
    const found = d.callers.get(key);
    if (found !== undefined) return found;
    if (d.callers.size >= CALLERS_PER_DESTINATION) {
      const nowSec = d.lastBirthSec;
      let quietest: [string, number] | null = null;
      for (const [k, c] of d.callers) {
        if (c.rows > 0) continue;
        const b = c.births.sum(nowSec);
        if (quietest === null || b < quietest[1]) quietest = [k, b];
      }
      if (quietest === null) return undefined;
      d.callers.delete(quietest[0]);
    }
    const made: Caller = { owner, rows: 0, births: new SecondCounts(this.windowSec), inferred: new SecondCounts(this.windowSec) };
    d.callers.set(key, made);
    return made;
  }

  private birth(conn: Connection, socket: Socket, sec: number): void {
    if (!this.isOutbound(socket)) return;
    const d = this.entry(socket);
    this.connDest.set(conn, d);
    d.births.add(sec, 1);
    d.birthsTotal += 1;
    d.lastBirthSec = sec;
    this.allBirths += 1;
    // A seen owner first; then the process seen calling this very destination. The destroy events'
    // guess is not used: it may name whoever last held the local port, or the listener's process
    // (the server of a local destination), so an unseen caller stays unknown rather than wrong.
    const seen = conn.owner !== null && conn.owner.inferred !== true ? conn.owner : null;
    const owner = seen ?? d.lastOwner;
    const caller = owner === null ? undefined : this.caller(d, owner);
    if (caller === undefined) {
      d.unknown.add(sec, 1);
      return;
    }
    caller.births.add(sec, 1);
    if (seen === null) caller.inferred.add(sec, 1);
  }

  private describe(d: DestinationState, birthsPerSec: number, nowSec: number, occupancy: TupleOccupancy | null): Destination {
    const callers: DestinationCaller[] = [...d.callers.values()]
      .map((c) => ({
        pid: c.owner.pid,
        startTime: c.owner.startTime,
        name: c.owner.name,
        connections: c.rows,
        births: c.births.sum(nowSec),
        inferredBirths: c.inferred.sum(nowSec),
      }))
      .filter((c) => c.connections > 0 || c.births > 0)
      .sort((a, b) => b.births - a.births || b.connections - a.connections || a.pid - b.pid)
      .slice(0, CALLERS_LISTED);
    return {
      key: d.key,
      proto: d.proto,
      remoteAddress: d.remoteAddress,
      remotePort: d.remotePort,
      connections: d.rows,
      states: Object.fromEntries(d.states),
      birthsPerSec,
      births: d.births.series(nowSec),
      birthsTotal: d.birthsTotal,
      medianLifetimeMs: median(d.lifetimes),
      timeWait: d.states.get('TIME_WAIT') ?? 0,
      occupancy,
      callers,
      unknownBirths: d.unknown.sum(nowSec),
    };
  }
}

/** The local address with the most rows to a destination, and the others by count. */
export function localsByUse(d: DestinationState): string[] {
  return [...d.locals].sort((a, b) => b[1] - a[1]).map(([address]) => address);
}
