/**
 * The few live numbers the tray shows (sockets, sockets on an ephemeral local port, opens per
 * second), kept up to date from the service's snapshot, deltas and churn summary without
 * rebuilding the table: each delta costs what it changed.
 */
import type { ChurnSummary, RateBucket } from '../../../shared/churn-model';
import type { Delta, PortRange, Snapshot } from '../../../shared/model';
import { inRange } from '../../../shared/port-class';

/** What the tray text is made from. */
export interface TrayFigures {
  sockets: number;
  /** Sockets whose local port lies in this machine's ephemeral range. */
  ephemeral: number;
  /** Opens in the last complete second (kernel-counted where known, else sampled births); null before any. */
  opensPerSecond: number | null;
  paused: boolean;
}

/** Opens in the newest bucket that is a whole second old by `now`: kernel count first, births otherwise. */
export function opensPerSecond(buckets: ReadonlyArray<RateBucket>, now: number): number | null {
  for (let i = buckets.length - 1; i >= 0; i--) {
    const bucket = buckets[i];
    if (bucket && bucket.t + 1000 <= now) return bucket.kernelOpens ?? bucket.births;
  }
  return null;
}

/** Tracks the figures; `applyDelta` returns false on a sequence gap (resubscribe, then `reset`). */
export interface FiguresTracker {
  reset(snapshot: Snapshot, churn: ChurnSummary): void;
  applyDelta(delta: Delta): boolean;
  setChurn(churn: ChurnSummary): void;
  setPaused(paused: boolean): void;
  figures(now: number): TrayFigures | null;
}

/** A tracker with no data yet (figures() is null until the first reset). */
export function createFiguresTracker(): FiguresTracker {
  const ephemeralById = new Map<string, boolean>();
  let range: PortRange = { low: 0, high: -1 };
  let seq: number | null = null;
  let ephemeral = 0;
  let buckets: ReadonlyArray<RateBucket> = [];
  let paused = false;

  const put = (id: string, localPort: number) => {
    const inside = inRange(localPort, range);
    const before = ephemeralById.get(id);
    if (before === true) ephemeral--;
    ephemeralById.set(id, inside);
    if (inside) ephemeral++;
  };
  const drop = (id: string) => {
    if (ephemeralById.get(id) === true) ephemeral--;
    ephemeralById.delete(id);
  };

  return {
    reset(snapshot, churn) {
      ephemeralById.clear();
      ephemeral = 0;
      range = snapshot.ephemeralRange;
      for (const socket of snapshot.sockets) put(socket.id, socket.localPort);
      seq = snapshot.seq;
      buckets = churn.buckets;
    },
    applyDelta(delta) {
      if (seq === null || delta.baseSeq !== seq) return false;
      for (const removed of delta.removed) drop(removed.id);
      for (const socket of delta.changed) put(socket.id, socket.localPort);
      for (const socket of delta.added) put(socket.id, socket.localPort);
      seq = delta.seq;
      return true;
    },
    setChurn(churn) {
      buckets = churn.buckets;
    },
    setPaused(value) {
      paused = value;
    },
    figures(now) {
      if (seq === null) return null;
      return { sockets: ephemeralById.size, ephemeral, opensPerSecond: opensPerSecond(buckets, now), paused };
    },
  };
}
