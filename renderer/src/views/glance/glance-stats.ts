/**
 * The glance's figures, derived from store state by pure functions: state counts, how full the
 * ephemeral ranges are, and births/deaths/kernel opens over the last 60 s of churn buckets.
 */
import type { RateBucket } from '../../../../shared/churn-model';
import type { PortRange, SocketState } from '../../../../shared/model';
import { rangeSize } from '../../../../shared/port-class';
import { heldPortsIn, type PortOccupancy } from '../../store/port-occupancy';

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
  /** Kernel-counted opens in the window, null where the OS gives no counters. */
  kernel60: number | null;
  /** Kernel opens the poller did not see (never negative), null without counters. */
  missed60: number | null;
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
  let kernel: number | null = null;
  for (const b of recent) {
    births60 += b.births;
    deaths60 += b.deaths;
    if (b.kernelOpens !== null) kernel = (kernel ?? 0) + b.kernelOpens;
  }
  return {
    birthsPerSec: full?.births ?? null,
    deathsPerSec: full?.deaths ?? null,
    births60,
    deaths60,
    kernel60: kernel,
    missed60: kernel === null ? null : Math.max(0, kernel - births60),
    birthSeries: recent.map((b) => b.births),
    deathSeries: recent.map((b) => b.deaths),
  };
}
