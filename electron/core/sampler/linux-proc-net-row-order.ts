/**
 * The incremental /proc/net reader's memory of last tick: one cache entry per row (its Socket and
 * where its bytes lay), and each table's rows in the order they were read. Most rows come back in
 * the same order, so a new row is first compared with the next expected old row, and a lead of
 * rows that reads back byte for byte is taken from this order without looking at each row's text.
 */
import type { Socket } from '../../../shared/model';
import { SPACE, TAB, sameBytes, whenDigitsEnd } from './linux-proc-net-row-key';

/** What the reader keeps of one row between ticks. */
export interface CacheEntry {
  socket: Socket;
  /** Whether `socket` has a running timer with an absolute expiry (its digits change every tick). */
  timed: boolean;
  /** Where the row's key bytes (after the slot number, through the inode) were last seen. */
  buf: Buffer;
  from: number;
  length: number;
  seen: number;
  /** Where the timer's "when" digits begin and end, from `from`; -1 without a read clock. */
  whenFrom: number;
  whenTo: number;
  /** Its index in the order of the read that last recorded it (to line the cursor up after a jump). */
  pos: number;
}

/** A new entry for a built row; its key bytes are filled in by the reader. */
export function newEntry(socket: Socket, buf: Buffer): CacheEntry {
  return { socket, timed: socket.timer?.expiresAt !== undefined, buf, from: 0, length: 0, seen: -1, whenFrom: -1, whenTo: -1, pos: -1 };
}

/** Points an entry at a replacement of its row (an owner filled in, say). */
export function replaceSocket(entry: CacheEntry, socket: Socket): void {
  entry.socket = socket;
  entry.timed = socket.timer?.expiresAt !== undefined;
}

/**
 * The cached rows of one table in the order of its last read: where each row's line began
 * (`start`) and where its text after the slot number lay (`from`, `length`).
 */
export interface RowOrder {
  buf: Buffer;
  count: number;
  start: Int32Array;
  from: Int32Array;
  length: Int32Array;
  entries: CacheEntry[];
}

/** An empty order, for a table not read yet. */
export const emptyOrder = (): RowOrder => ({
  buf: Buffer.alloc(0),
  count: 0,
  start: new Int32Array(1024),
  from: new Int32Array(1024),
  length: new Int32Array(1024),
  entries: [],
});

function grown(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Appends a row to an order, growing its arrays by doubling (they are reused tick after tick). */
export function record(order: RowOrder, start: number, from: number, length: number, entry: CacheEntry): void {
  const i = order.count++;
  if (i === order.from.length) {
    order.start = grown(order.start);
    order.from = grown(order.from);
    order.length = grown(order.length);
  }
  order.start[i] = start;
  order.from[i] = from;
  order.length[i] = length;
  order.entries[i] = entry;
  entry.pos = i;
}

/**
 * Where the "when" digits of a row end when its key bytes equal the entry's except for them; -1
 * otherwise. `from` is where the row's text after the slot's colon begins.
 */
export function sameButWhen(entry: CacheEntry, buf: Buffer, from: number, end: number): number {
  const wf = entry.whenFrom;
  if (wf < 0 || from + wf >= end || !sameBytes(entry.buf, entry.from, buf, from, wf)) return -1;
  const at = from + wf;
  const i = whenDigitsEnd(buf, at, end);
  const tail = entry.length - entry.whenTo;
  if (i === at || tail <= 0 || i + tail > end || !sameBytes(entry.buf, entry.from + entry.whenTo, buf, i, tail)) return -1;
  // The inode must end where the old one did (12 is not 123).
  if (i + tail < end && buf[i + tail] !== SPACE && buf[i + tail] !== TAB) return -1;
  return i;
}
