/**
 * Keeps the WebSocket client's store consistent when deltas were lost (the host dropped them
 * for a slow client, or the connection broke): the client mirrors the ids it has delivered,
 * fetches a fresh snapshot and hands the store one bridging delta from what it has to what is,
 * so the store only ever sees an unbroken chain of deltas, whichever transport it runs on.
 */
import type { Delta, RemovedSocket, Snapshot, Socket } from '../../../shared/model';

/** What the store holds, as far as the transport delivered it. */
export interface Mirror {
  seq: number;
  rows: Map<string, Socket>;
  firstSeen: Map<string, number>;
}

/** A mirror of a subscription's snapshot. */
export function mirrorOf(snapshot: Snapshot): Mirror {
  const rows = new Map(snapshot.sockets.map((s) => [s.id, s] as const));
  const firstSeen = new Map<string, number>();
  for (const id of rows.keys()) firstSeen.set(id, snapshot.firstSeen[id] ?? snapshot.time);
  return { seq: snapshot.seq, rows, firstSeen };
}

/** True when the delta continues the mirror's chain. */
export function follows(mirror: Mirror, delta: Delta): boolean {
  return delta.baseSeq === mirror.seq;
}

/** Applies a delivered delta to the mirror (in place: it runs on every tick). */
export function advanceMirror(mirror: Mirror, delta: Delta): void {
  for (const gone of delta.removed) {
    mirror.rows.delete(gone.id);
    mirror.firstSeen.delete(gone.id);
  }
  for (const row of delta.added) {
    mirror.rows.set(row.id, row);
    mirror.firstSeen.set(row.id, delta.time);
  }
  for (const row of delta.changed) mirror.rows.set(row.id, row);
  mirror.seq = delta.seq;
}

function sameRow(a: Socket, b: Socket): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The one delta that takes a store from the mirror's state to a fresh snapshot. Its stats
 * count what this client saw change across the gap; kernel opens are unknown for it.
 */
export function bridgingDelta(mirror: Mirror, fresh: Snapshot): Delta {
  const added: Socket[] = [];
  const changed: Socket[] = [];
  const removed: RemovedSocket[] = [];
  const present = new Set<string>();
  for (const row of fresh.sockets) {
    present.add(row.id);
    const old = mirror.rows.get(row.id);
    if (!old) added.push(row);
    else if (!sameRow(old, row)) changed.push(row);
  }
  for (const [id, old] of mirror.rows) {
    if (present.has(id)) continue;
    const since = mirror.firstSeen.get(id) ?? fresh.time;
    removed.push({ id, lifetimeMs: Math.max(0, fresh.time - since), lastState: old.state });
  }
  return {
    seq: fresh.seq,
    baseSeq: mirror.seq,
    time: fresh.time,
    added,
    removed,
    changed,
    counters: fresh.counters,
    stats: { births: added.length, deaths: removed.length, eventOnlyBirths: 0, kernelOpens: null, sampleMs: 0 },
  };
}
