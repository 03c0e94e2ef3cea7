/**
 * The main thread's copy of the sampler's table, kept by applying the very deltas it publishes.
 * Subscribe and export read it without a round trip to the thread. Sequence numbers stay
 * increasing across sampler restarts: a fresh thread's first tick is turned into one reset delta
 * against this copy, so a subscriber never sees a gap it cannot apply.
 */
import { applyDelta } from '../../../shared/apply-delta';
import type { Delta, Snapshot, Socket, TickStats } from '../../../shared/model';
import type { TickMessage } from '../sampler/worker-protocol';

/** The delta that turns `base` into `next`: removed, added, and rows that differ; numbered after base. */
export function resetDelta(base: Snapshot, next: Snapshot, stats: TickStats): Delta {
  const old = new Map<string, Socket>(base.sockets.map((s) => [s.id, s]));
  const nextIds = new Set(next.sockets.map((s) => s.id));
  const added: Socket[] = [];
  const changed: Socket[] = [];
  for (const s of next.sockets) {
    const before = old.get(s.id);
    if (before === undefined) added.push(s);
    else if (JSON.stringify(before) !== JSON.stringify(s)) changed.push(s);
  }
  const removed = base.sockets
    .filter((s) => !nextIds.has(s.id))
    .map((s) => ({ id: s.id, lifetimeMs: Math.max(0, next.time - (base.firstSeen[s.id] ?? next.time)), lastState: s.state }));
  return {
    seq: base.seq + 1,
    baseSeq: base.seq,
    time: next.time,
    added,
    removed,
    changed,
    counters: next.counters,
    stats: { ...stats, births: added.length, deaths: removed.length },
  };
}

/** The mirror of the sampler's table. */
export interface SnapshotMirror {
  current(): Snapshot;
  /** Applies a tick; returns the delta to publish, or null when it does not follow (call rebase). */
  apply(tick: TickMessage): Delta | null;
  /** Moves onto a full engine snapshot (a new thread, or after a gap); returns the reset delta. */
  rebase(engine: Snapshot, stats: TickStats): Delta;
  /** Updates the machine facts (the sampler thread reports them when it is ready). */
  setMeta(meta: Pick<Snapshot, 'source' | 'ephemeralRange'>): void;
}

/** A mirror starting from `initial` (usually an empty seq-0 snapshot). */
export function createSnapshotMirror(initial: Snapshot): SnapshotMirror {
  let mirror = initial;
  /** Added to the engine's seq to get ours; null until the first rebase. */
  let offset: number | null = null;

  const rebase = (engine: Snapshot, stats: TickStats): Delta => {
    const delta = resetDelta(mirror, engine, stats);
    offset = delta.seq - engine.seq;
    mirror = { ...applyDelta(mirror, delta), source: engine.source, ephemeralRange: engine.ephemeralRange };
    return delta;
  };

  return {
    current: () => mirror,
    rebase,
    setMeta(meta) {
      mirror = { ...mirror, ...meta };
    },
    apply(tick) {
      if (tick.snapshot !== null) return rebase(tick.snapshot, tick.delta.stats);
      if (offset === null || tick.delta.baseSeq + offset !== mirror.seq) return null;
      const delta: Delta = { ...tick.delta, seq: tick.delta.seq + offset, baseSeq: tick.delta.baseSeq + offset };
      mirror = { ...applyDelta(mirror, delta), source: tick.source, ephemeralRange: tick.ephemeralRange };
      return delta;
    },
  };
}
