/**
 * Follows ephemeral-range occupancy from sample to sample: the busiest tuples with their level,
 * TIME_WAIT timers and a forecast from their recent history. History is kept only for tuples
 * that matter (the busiest, or above a small share of the range), in a capped LRU of short rings,
 * so thousands of one-connection tuples cost nothing between ticks.
 */
import type { Exhaustion, TupleOccupancy } from '../../../shared/exhaustion-model';
import type { PortRange, Proto, Socket } from '../../../shared/model';
import { rangeSize } from '../../../shared/port-class';
import { LruMap } from '../churn/lru-map';
import { Ring } from '../churn/ring';
import { forecastSec, slopePerSec, type UsePoint } from './forecast';
import { levelOf, OccupancyIndex, timeWaitExpiry, toTimerBuckets, tupleKeyOf, type TableChange, type TupleUse } from './occupancy';

/** Tuples listed in the summary. */
export const TOP_TUPLES = 5;
/** Seconds of history the forecast's line is fitted to. */
export const FORECAST_WINDOW_SEC = 30;
/** Tuples whose history is kept. */
const HISTORIES = 256;
/** Tuples followed every tick regardless of size. */
const FOLLOWED = 20;
/** Share of the range from which a tuple's history is kept even outside the busiest. */
const FOLLOW_FRACTION = 0.01;
/** Points per history ring: a window's worth at the fastest tick (250 ms). */
const POINTS = FORECAST_WINDOW_SEC * 4;

/** Busiest first; equal use by key, so the order is stable from tick to tick. */
function busier(a: TupleUse, b: TupleUse): number {
  return b.used - a.used || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** The n busiest tuples and every tuple at or above `minUsed`, in one pass without sorting them all. */
export function selectTuples(tuples: Iterable<TupleUse>, n: number, minUsed: number): { top: TupleUse[]; big: TupleUse[] } {
  const top: TupleUse[] = [];
  const big: TupleUse[] = [];
  for (const t of tuples) {
    if (t.used >= minUsed) big.push(t);
    const last = top[top.length - 1];
    if (top.length === n && last !== undefined && busier(t, last) >= 0) continue;
    top.push(t);
    top.sort(busier);
    if (top.length > n) top.pop();
  }
  return { top, big };
}

/** The monitor's state between ticks. */
export class ExhaustionMonitor {
  private readonly histories = new LruMap<string, Ring<UsePoint>>(HISTORIES);
  private index: OccupancyIndex | null = null;
  private rangeKey = '';
  private last: Exhaustion = { level: 'ok', capacity: 0, tuples: [], forecastSec: null, timeWait: { total: 0, expiry: toTimerBuckets([]) } };

  /**
   * Measures one tick: `change` is what the diff did to the table, `table` the whole table (read
   * only on the first tick or when the OS range changed), `sockets` the sample's rows.
   */
  observe(sockets: readonly Socket[], change: TableChange, table: () => readonly Socket[], range: PortRange, time: number): Exhaustion {
    const capacity = rangeSize(range);
    const key = `${range.low}-${range.high}`;
    if (this.index === null || key !== this.rangeKey) {
      this.index = new OccupancyIndex(range);
      this.index.rebuild(table(), range, time);
      this.rangeKey = key;
    } else this.index.apply(change, time);
    const index = this.index;
    const { top, big } = selectTuples(index.tuples(), FOLLOWED, Math.max(1, capacity * FOLLOW_FRACTION));
    for (const t of new Set([...top, ...big])) this.record(t, time);
    const tuples = top.slice(0, TOP_TUPLES).map((t) => this.describe(t, index, capacity, time));
    const forecasts = tuples.map((t) => t.forecastSec).filter((f): f is number => f !== null);
    const timeWait = timeWaitExpiry(sockets, time);
    this.last = {
      level: levelOf((top[0]?.used ?? 0) / capacity),
      capacity,
      tuples,
      forecastSec: forecasts.length === 0 ? null : Math.min(...forecasts),
      timeWait: { total: timeWait.total, expiry: toTimerBuckets(timeWait.expiry) },
    };
    return this.last;
  }

  /** The summary of the last tick. */
  current(): Exhaustion {
    return this.last;
  }

  /**
   * The busiest tuple toward one destination among its local addresses, described like the
   * summary's tuples; its history is kept from the first ask, so a destination asked every tick
   * gets a forecast. Null when none of its ports lies in the ephemeral range.
   */
  busiestToward(proto: Proto, remoteAddress: string, remotePort: number, locals: readonly string[], time: number): TupleOccupancy | null {
    const index = this.index;
    if (index === null) return null;
    let best: TupleUse | undefined;
    for (const local of locals) {
      const t = index.get(tupleKeyOf(proto, local, remoteAddress, remotePort));
      if (t !== undefined && (best === undefined || t.used > best.used)) best = t;
    }
    if (best === undefined) return null;
    const last = this.histories.peek(best.key)?.last();
    if (last === undefined || last.t !== time) this.record(best, time);
    return this.describe(best, index, this.last.capacity, time);
  }

  /** Entries per structure, for the memory bench. */
  sizes(): Record<string, number> {
    return { occupancyRows: this.index?.rows ?? 0, occupancyHistories: this.histories.size };
  }

  private record(t: TupleUse, time: number): void {
    const ring = this.histories.getOrCreate(t.key, () => new Ring<UsePoint>(POINTS));
    const last = ring.last();
    // A clock stepped back would bend the line: start this tuple's history again.
    if (last !== undefined && time < last.t) ring.clear();
    ring.push({ t: time, used: t.used });
  }

  private describe(t: TupleUse, index: OccupancyIndex, capacity: number, time: number): TupleOccupancy {
    const from = time - FORECAST_WINDOW_SEC * 1000;
    const points = (this.histories.peek(t.key)?.toArray() ?? []).filter((p) => p.t >= from);
    const ratePerSec = slopePerSec(points);
    const fraction = t.used / capacity;
    return {
      proto: t.proto,
      localAddress: t.localAddress,
      remoteAddress: t.remoteAddress,
      remotePort: t.remotePort,
      used: t.used,
      capacity,
      fraction,
      level: levelOf(fraction),
      timeWait: t.timeWait.size,
      timeWaitExpiry: toTimerBuckets(index.expiry(t, time)),
      ratePerSec,
      forecastSec: forecastSec(t.used, capacity, ratePerSec),
    };
  }
}
