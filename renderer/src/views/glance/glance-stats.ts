/**
 * The glance's figures, derived from store state by pure functions: state counts, how full the
 * ephemeral ranges are, and births/deaths over the last 60 s of churn buckets. (Kernel opens and
 * misses come from the reconciliation, see store/reconciliation-window: births also count UDP
 * sockets, listeners and TIME_WAIT remnants, so kernel − births would hide real misses.)
 */
import type { RateBucket } from '../../../../shared/churn-model';
import type { PortRange, SocketState } from '../../../../shared/model';
import { rangeSize } from '../../../../shared/port-class';
import { heldPortsIn, type PortOccupancy } from '../../store/port-occupancy';

/** A count the e2e tests read: a plain integer (no separators), or — when unknown. */
export function plainCount(n: number | null | undefined): string {
  return n == null ? '—' : String(n);
}

/** State counts as the glance lists them: most common first, ties by name. */
export function rankStates(counts: ReadonlyMap<SocketState, number>): Array<{ state: SocketState; count: number }> {
  return [...counts]
    .map(([state, count]) => ({ state, count }))
    .sort((a, b) => b.count - a.count || (a.state < b.state ? -1 : 1));
}

/** Distinct local ports held inside a range, against the range's size. */
export interface Occupancy {
  held: number;
  size: number;
  fraction: number;
}

/** How full a port range is (distinct local ports held / ports in the range). */
export function occupancyOf(occ: PortOccupancy, range: PortRange): Occupancy {
  const size = Math.max(0, rangeSize(range));
  const held = size > 0 ? heldPortsIn(occ, range) : 0;
  return { held, size, fraction: size > 0 ? held / size : 0 };
}

/** Churn over the last minute, as the glance shows it. */
export interface ChurnWindow {
  /** Births and deaths in the latest full second, null before one exists. */
  birthsPerSec: number | null;
  deathsPerSec: number | null;
  births60: number;
  deaths60: number;
  /** Per-second births and deaths for the sparkline, oldest first. */
  birthSeries: number[];
  deathSeries: number[];
}

const WINDOW_MS = 60_000;

/**
 * Sums the buckets of the last 60 s (the newest bucket may still be filling). The per-second
 * rate uses the newest bucket that ended at or before `sampleTime`, so it never shows a second
 * that is only half counted.
 */
export function churnWindow(buckets: readonly RateBucket[], sampleTime: number): ChurnWindow {
  const last = buckets.at(-1);
  const end = last ? last.t + 1000 : sampleTime;
  const recent = buckets.filter((b) => b.t >= end - WINDOW_MS);
  const full = [...buckets].reverse().find((b) => b.t + 1000 <= sampleTime) ?? null;
  let births60 = 0;
  let deaths60 = 0;
  for (const b of recent) {
    births60 += b.births;
    deaths60 += b.deaths;
  }
  return {
    birthsPerSec: full?.births ?? null,
    deathsPerSec: full?.deaths ?? null,
    births60,
    deaths60,
    birthSeries: recent.map((b) => b.births),
    deathSeries: recent.map((b) => b.deaths),
  };
}
