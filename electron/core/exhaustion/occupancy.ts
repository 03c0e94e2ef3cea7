/**
 * How full the ephemeral range is, counted where the limit really bites. A TCP connect() needs a
 * local port that is free for its own (local address, remote address, remote port): the same port
 * may serve another destination at once. So a machine runs out per destination, not overall, and
 * one busy upstream can exhaust its tuple while the range looks mostly free. UDP ports are taken
 * per local address whatever the peer, so UDP tuples have remote '*'. TIME_WAIT rows hold their
 * port until their timer fires, which is when the pressure eases.
 *
 * The counts follow the engine's row diff instead of recounting the table: building a map of
 * 20,000 tuple keys every tick cost half a second on a busy machine, following the diff costs
 * only what changed.
 */
import type { ExhaustionLevel, TimerBucket } from '../../../shared/exhaustion-model';
import type { PortRange, Proto, Socket } from '../../../shared/model';
import { inRange } from '../../../shared/port-class';
import { timerRemainingMs } from '../../../shared/socket-timer';

/** Upper bounds of the TIME_WAIT timer buckets in ms; the last also takes anything longer or unknown. */
export const TIMER_BOUNDS_MS: readonly number[] = [1_000, 5_000, 15_000, 30_000, 60_000, 120_000];

/** Fractions of the range at which a tuple is a warning, then critical. */
export const WARNING_FRACTION = 0.7;
export const CRITICAL_FRACTION = 0.9;

/** The level of a used fraction. */
export function levelOf(fraction: number): ExhaustionLevel {
  if (fraction >= CRITICAL_FRACTION) return 'critical';
  return fraction >= WARNING_FRACTION ? 'warning' : 'ok';
}

/** Index of the timer bucket for a remaining time (unknown goes last). */
export function timerBucket(remainingMs: number | null): number {
  if (remainingMs === null) return TIMER_BOUNDS_MS.length - 1;
  const i = TIMER_BOUNDS_MS.findIndex((b) => remainingMs <= b);
  return i < 0 ? TIMER_BOUNDS_MS.length - 1 : i;
}

/** The wire shape of bucket counts. */
export function toTimerBuckets(expiry: readonly number[]): TimerBucket[] {
  return TIMER_BOUNDS_MS.map((upToMs, i) => ({ upToMs, count: expiry[i] ?? 0 }));
}

/** One tuple's use of the range. */
export interface TupleUse {
  key: string;
  proto: Proto;
  localAddress: string;
  remoteAddress: string;
  remotePort: number;
  used: number;
  /** Its TIME_WAIT rows by id, with the epoch ms their timer fires (null when unknown). */
  timeWait: Map<string, number | null>;
}

/** The rows of one tick that changed the table. */
export interface TableChange {
  added: readonly Socket[];
  removed: readonly Socket[];
  /** New content of rows that stayed (same id). */
  changed: readonly Socket[];
}

/**
 * Each network namespace has its own ports and its own ip_local_port_range; only this one's range
 * is known, so rows read from other namespaces (issue 10) never count against it.
 */
function ownNamespace(s: Socket): boolean {
  return s.netns === undefined;
}

function isListener(s: Socket): boolean {
  return s.proto === 'tcp' && s.state === 'LISTEN' && ownNamespace(s);
}

/** The key of a tuple: UDP ports are taken per local address whatever the peer. */
export function tupleKeyOf(proto: Proto, localAddress: string, remoteAddress: string, remotePort: number): string {
  return proto === 'udp' ? `udp|${localAddress}` : `tcp|${localAddress}|${remoteAddress}|${remotePort}`;
}

/** Per-tuple occupancy of the ephemeral range, kept in step with the table. */
export class OccupancyIndex {
  private readonly byKey = new Map<string, TupleUse>();
  private readonly rowTuple = new Map<string, TupleUse>();
  private readonly listening = new Map<number, number>();

  constructor(private range: PortRange) {}

  /** Tuples with at least one row. */
  tuples(): IterableIterator<TupleUse> {
    return this.byKey.values();
  }

  /** One tuple by key (see tupleKeyOf), or undefined when it holds no port. */
  get(key: string): TupleUse | undefined {
    return this.byKey.get(key);
  }

  /** Rows counted in some tuple. */
  get rows(): number {
    return this.rowTuple.size;
  }

  /** Starts over from a whole table (the first tick, or the OS range changed). */
  rebuild(sockets: readonly Socket[], range: PortRange, time: number): void {
    this.range = range;
    this.byKey.clear();
    this.rowTuple.clear();
    this.listening.clear();
    this.apply({ added: sockets, removed: [], changed: [] }, time);
  }

  /** Follows one tick. Listeners go first, so a listener and its accepted rows may arrive together. */
  apply(change: TableChange, time: number): void {
    for (const s of change.added) if (isListener(s)) this.listening.set(s.localPort, (this.listening.get(s.localPort) ?? 0) + 1);
    for (const s of change.removed) this.remove(s);
    for (const s of change.added) this.add(s, time);
    for (const s of change.changed) this.update(s, time);
    for (const s of change.removed) {
      if (!isListener(s)) continue;
      const n = (this.listening.get(s.localPort) ?? 0) - 1;
      if (n <= 0) this.listening.delete(s.localPort);
      else this.listening.set(s.localPort, n);
    }
  }

  /** Counts of a tuple's TIME_WAIT rows per timer bucket at `time`. */
  expiry(t: TupleUse, time: number): number[] {
    const counts = TIMER_BOUNDS_MS.map(() => 0);
    for (const firesAt of t.timeWait.values()) {
      const i = timerBucket(firesAt === null ? null : firesAt - time);
      counts[i] = (counts[i] ?? 0) + 1;
    }
    return counts;
  }

  private keyOf(s: Socket): string | null {
    if (!ownNamespace(s) || !inRange(s.localPort, this.range)) return null;
    if (s.proto === 'udp') return tupleKeyOf('udp', s.localAddress, s.remoteAddress, s.remotePort);
    if (s.state === 'LISTEN' || s.remotePort === 0 || this.listening.has(s.localPort)) return null;
    return tupleKeyOf('tcp', s.localAddress, s.remoteAddress, s.remotePort);
  }

  private add(s: Socket, time: number): void {
    const key = this.keyOf(s);
    if (key === null) return;
    let t = this.byKey.get(key);
    if (t === undefined) {
      const udp = s.proto === 'udp';
      t = { key, proto: s.proto, localAddress: s.localAddress, remoteAddress: udp ? '*' : s.remoteAddress, remotePort: udp ? 0 : s.remotePort, used: 0, timeWait: new Map() };
      this.byKey.set(key, t);
    }
    t.used += 1;
    this.rowTuple.set(s.id, t);
    this.update(s, time);
  }

  private remove(s: Socket): void {
    const t = this.rowTuple.get(s.id);
    if (t === undefined) return;
    this.rowTuple.delete(s.id);
    t.timeWait.delete(s.id);
    t.used -= 1;
    if (t.used <= 0) this.byKey.delete(t.key);
  }

  /** Keeps a counted row's TIME_WAIT membership and timer in step with its state. */
  private update(s: Socket, time: number): void {
    const t = this.rowTuple.get(s.id);
    if (t === undefined) return;
    if (s.state !== 'TIME_WAIT') t.timeWait.delete(s.id);
    else t.timeWait.set(s.id, s.timer === null ? null : (s.timer.expiresAt ?? time + s.timer.remainingMs));
  }
}

/** All TCP TIME_WAIT rows of a table per timer bucket: one allocation-free pass. */
export function timeWaitExpiry(sockets: readonly Socket[], time?: number): { total: number; expiry: number[] } {
  const expiry = TIMER_BOUNDS_MS.map(() => 0);
  let total = 0;
  for (const s of sockets) {
    if (s.state !== 'TIME_WAIT') continue;
    total += 1;
    const t = s.timer;
    const i = timerBucket(t === null ? null : time === undefined ? t.remainingMs : timerRemainingMs(t, time));
    expiry[i] = (expiry[i] ?? 0) + 1;
  }
  return { total, expiry };
}
