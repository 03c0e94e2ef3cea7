/**
 * Diffs the rows of one sample against the rows the engine holds, in one pass over each side:
 * a Map lookup per row instead of sorting both tables, so a tick costs O(rows) however big it is.
 */
import type { Socket, SocketTimer } from '../../../shared/model';

/** What the diff needs to know about a held row. */
export interface HeldRow {
  socket: Socket;
  /** The tick in which this row was last seen; the diff stamps it. */
  tick: number;
}

/** The outcome of one diff: new rows, rows whose content moved, rows that left, duplicate ids. */
export interface RowDiff<R extends HeldRow> {
  added: Socket[];
  changed: { held: R; next: Socket }[];
  removed: R[];
  /** Rows whose id already appeared earlier in the same sample; the first one wins. */
  duplicates: number;
}

function sameTimer(a: SocketTimer | null, b: SocketTimer | null): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === b.kind && a.remainingMs === b.remainingMs && a.retransmits === b.retransmits && a.expiresAt === b.expiresAt;
}

function sameOwner(a: Socket['owner'], b: Socket['owner']): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return (
    a.pid === b.pid &&
    a.startTime === b.startTime &&
    a.name === b.name &&
    a.inferred === b.inferred &&
    a.basis === b.basis &&
    a.ppid === b.ppid
  );
}

function sameOwners(a: Socket['owners'], b: Socket['owners']): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((o, i) => sameOwner(o, b[i] ?? null));
}

/**
 * True when two rows with one id carry the same content. Every field is compared, not only state,
 * queues, timer and owner: if any difference went unreported, the engine's table and a table
 * rebuilt from deltas would drift apart.
 */
export function sameRow(a: Socket, b: Socket): boolean {
  // The sampler hands back the very object of an unchanged row (see linux-proc-net-reader).
  if (a === b) return true;
  return (
    a.state === b.state &&
    a.txQueue === b.txQueue &&
    a.rxQueue === b.rxQueue &&
    sameTimer(a.timer, b.timer) &&
    sameOwner(a.owner, b.owner) &&
    sameOwners(a.owners, b.owners) &&
    a.uid === b.uid &&
    a.family === b.family &&
    a.proto === b.proto &&
    a.localAddress === b.localAddress &&
    a.localPort === b.localPort &&
    a.remoteAddress === b.remoteAddress &&
    a.remotePort === b.remotePort &&
    a.inode === b.inode
  );
}

/**
 * Compares a sample with the held rows. Stamps `tick` on every held row the sample still has, so
 * the rows left unstamped are exactly the removed ones; nothing else in `held` is touched.
 * `tick` must differ from every stamp already present (the engine passes a fresh sequence number).
 */
export function diffRows<R extends HeldRow>(held: Map<string, R>, sockets: readonly Socket[], tick: number): RowDiff<R> {
  const out: RowDiff<R> = { added: [], changed: [], removed: [], duplicates: 0 };
  const addedIds = new Set<string>();
  for (const next of sockets) {
    const found = held.get(next.id);
    if (found === undefined) {
      if (addedIds.has(next.id)) out.duplicates += 1;
      else {
        addedIds.add(next.id);
        out.added.push(next);
      }
      continue;
    }
    if (found.tick === tick) {
      out.duplicates += 1;
      continue;
    }
    found.tick = tick;
    if (!sameRow(found.socket, next)) out.changed.push({ held: found, next });
  }
  for (const r of held.values()) if (r.tick !== tick) out.removed.push(r);
  return out;
}
