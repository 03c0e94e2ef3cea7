/**
 * The read clock of each /proc/net table, shared by the host's tables (linux-source.ts) and other
 * namespaces' (netns-tables.ts): when a read started, and how far two readings of one timer's
 * expiry may differ and still be one timer.
 */
import type { ProcNetTable } from './linux-proc-net-parse';
import type { ReadClock } from './linux-proc-net-reader';

/**
 * How far two readings of one timer's expiry may differ and still be one timer, besides the read's
 * own duration (the kernel prints the time left at some moment during the read, in clock ticks).
 * The churn engine's margin for a restarted TIME_WAIT (TIMER_JITTER_MS) is the same.
 */
const TIMER_TOLERANCE_MS = 150;

/**
 * The read clock of each table: when its read started, and a tolerance of the margin plus the
 * longer of this read and the same table's previous one (either reading may be late by its read).
 */
export interface TimerClock {
  at(table: ProcNetTable, readAt: number, readMs: number): ReadClock;
}

/** A clock remembering each table's previous read duration. */
export function timerClock(): TimerClock {
  const previous = new Map<ProcNetTable, number>();
  return {
    at(table, readAt, readMs) {
      const before = previous.get(table) ?? readMs;
      previous.set(table, readMs);
      return { readAt, toleranceMs: TIMER_TOLERANCE_MS + Math.min(1000, Math.max(before, readMs)) };
    },
  };
}
