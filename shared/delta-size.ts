/**
 * About how many bytes a delta takes as JSON, without writing it: a socket row is some 300 bytes,
 * a removed one some 100. Queues that hold deltas for a moment (a subscribe in flight) cap
 * themselves with it in bytes, not only in entries: one delta at 5,000 conn/s is a megabyte.
 */
import type { Delta } from './model';

const ROW_BYTES = 320;
const REMOVED_BYTES = 100;

/** The estimated JSON size of a delta, bytes. */
export function deltaBytes(delta: Pick<Delta, 'added' | 'changed' | 'removed'>): number {
  return 512 + (delta.added.length + delta.changed.length) * ROW_BYTES + delta.removed.length * REMOVED_BYTES;
}

/** Bytes of deltas a holding queue keeps before it gives up and resubscribes (or resyncs). */
export const HELD_DELTA_BYTES = 8 * 1024 * 1024;
