/**
 * Applies one row diff to the held table and to the connections behind the rows. The delta speaks
 * of rows; rates, lifetimes and reconciliation speak of connections. This is where one becomes the
 * other: a row that replaces a leaving row of the same connection is a transition, not a birth,
 * and a connection dies only when its last row leaves.
 */
import type { RemovedSocket, Socket } from '../../../shared/model';
import { continuesConnection, countsAsOpen, isRebirth, isTimeWaitRenewal, newConnection, tupleKey, type Connection } from './connections';
import type { HeldRow, RowDiff } from './row-diff';

/** A held row: the socket, when its id was first seen, and the connection it belongs to. */
export interface TrackedRow extends HeldRow {
  firstSeen: number;
  conn: Connection;
}

/** What one tick did to connections. */
export interface ConnectionTick {
  /** Rows gone, for the delta, with per-row lifetimes. */
  removed: RemovedSocket[];
  /** Connections that started in this tick, with their first row. */
  born: { conn: Connection; socket: Socket }[];
  /** Connections still alive whose current row is new or changed. */
  continued: { conn: Connection; socket: Socket }[];
  /** Connections whose last row left. */
  died: Connection[];
  /** Connections that became kernel-countable opens in this tick (never on the first tick). */
  opens: number;
  /** Rows that entered TIME_WAIT in this tick: new TIME_WAIT rows, state changes into it, restarted timers. */
  enteredTimeWait: Socket[];
}

/** When the tick happened and whether it is the engine's first (whose rows were born before it). */
export interface TickClock {
  time: number;
  tick: number;
  first: boolean;
  /** Time of the previous sample; a TIME_WAIT timer is read against it (0 or absent: not known). */
  prevTime?: number;
  /**
   * How long the slower of the two reads took, ms: a row's timer was read somewhere inside its
   * sample, so two readings may be this much further apart than the samples' start times.
   */
  readSkewMs?: number;
}

function endRow(conn: Connection, out: ConnectionTick): void {
  conn.rows -= 1;
  if (conn.rows === 0) out.died.push(conn);
}

function markOpen(conn: Connection, socket: Socket, clock: TickClock, out: ConnectionTick): void {
  if (conn.opened || !countsAsOpen(socket)) return;
  conn.opened = true;
  if (!clock.first) out.opens += 1;
}

function applyChanged(changed: RowDiff<TrackedRow>['changed'], clock: TickClock, out: ConnectionTick): void {
  for (const { held, next } of changed) {
    const prev = held.socket;
    held.socket = next;
    if (next.state === 'TIME_WAIT' && prev.state !== 'TIME_WAIT') out.enteredTimeWait.push(next);
    const elapsed = clock.prevTime === undefined || clock.prevTime <= 0 ? null : clock.time - clock.prevTime;
    if (isRebirth(prev.state, next.state) || (elapsed !== null && isTimeWaitRenewal(prev, next, elapsed, clock.readSkewMs ?? 0, clock.time))) {
      endRow(held.conn, out);
      held.conn = newConnection(next, clock.time, false);
      out.born.push({ conn: held.conn, socket: next });
      if (next.state === 'TIME_WAIT' && prev.state === 'TIME_WAIT') out.enteredTimeWait.push(next);
    } else {
      if (next.owner !== null) held.conn.owner = next.owner;
      out.continued.push({ conn: held.conn, socket: next });
    }
    markOpen(held.conn, next, clock, out);
  }
}

function applyAdded(rows: Map<string, TrackedRow>, added: Socket[], leaving: Map<string, TrackedRow>, clock: TickClock, out: ConnectionTick): void {
  for (const socket of added) {
    const key = socket.proto === 'tcp' ? tupleKey(socket) : '';
    const old = key === '' ? undefined : leaving.get(key);
    let conn: Connection;
    if (old !== undefined && continuesConnection(old.socket, socket)) {
      leaving.delete(key);
      conn = old.conn;
      conn.rows += 1;
      if (socket.owner !== null) conn.owner = socket.owner;
      out.continued.push({ conn, socket });
    } else {
      conn = newConnection(socket, clock.time, clock.first);
      out.born.push({ conn, socket });
    }
    rows.set(socket.id, { socket, tick: clock.tick, firstSeen: clock.time, conn });
    if (socket.state === 'TIME_WAIT') out.enteredTimeWait.push(socket);
    markOpen(conn, socket, clock, out);
  }
}

/**
 * Updates `rows` to the sampled table (removed deleted, changed replaced in place, added appended,
 * which is the order applyDelta rebuilds) and reports births, deaths and transitions.
 * Removed rows are released last, so a row replaced within the tick keeps its connection alive.
 */
export function applyRowDiff(rows: Map<string, TrackedRow>, diff: RowDiff<TrackedRow>, clock: TickClock): ConnectionTick {
  const out: ConnectionTick = { removed: [], born: [], continued: [], died: [], opens: 0, enteredTimeWait: [] };
  const leaving = new Map<string, TrackedRow>();
  for (const r of diff.removed) {
    rows.delete(r.socket.id);
    out.removed.push({ id: r.socket.id, lifetimeMs: Math.max(0, clock.time - r.firstSeen), lastState: r.socket.state });
    if (r.socket.proto === 'tcp') leaving.set(tupleKey(r.socket), r);
  }
  applyChanged(diff.changed, clock, out);
  applyAdded(rows, diff.added, leaving, clock, out);
  for (const r of diff.removed) endRow(r.conn, out);
  return out;
}
