import type { Delta, Snapshot, Socket } from './model';

/** Thrown when a delta does not follow the snapshot it is applied to; resubscribe. */
export class DeltaGapError extends Error {
  constructor(expected: number, got: number) {
    super(`delta out of order: expected base ${expected}, got ${got}; resubscribe for a fresh snapshot`);
    this.name = 'DeltaGapError';
  }
}

/**
 * Applies a delta to a snapshot and returns the next snapshot, leaving the input untouched.
 * Used by the renderer store and the CLI so both see exactly what the engine diffed.
 */
export function applyDelta(snapshot: Snapshot, delta: Delta): Snapshot {
  if (delta.baseSeq !== snapshot.seq) throw new DeltaGapError(snapshot.seq, delta.baseSeq);
  const byId = new Map<string, Socket>();
  for (const s of snapshot.sockets) byId.set(s.id, s);
  const firstSeen = { ...snapshot.firstSeen };
  for (const r of delta.removed) {
    byId.delete(r.id);
    delete firstSeen[r.id];
  }
  for (const s of delta.changed) byId.set(s.id, s);
  for (const s of delta.added) {
    byId.set(s.id, s);
    firstSeen[s.id] = delta.time;
  }
  return {
    ...snapshot,
    seq: delta.seq,
    time: delta.time,
    sockets: [...byId.values()],
    counters: delta.counters,
    firstSeen,
  };
}
