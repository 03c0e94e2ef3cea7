/**
 * The incremental form of parseProcNet, for the sampler's tick loop. Between two ticks almost
 * every row is byte-for-byte the same; building 20,000 fresh Socket objects (and their id and
 * address strings) per tick would cost more in garbage collection than the whole read. So a row
 * whose text after its slot number equals that of a row read last tick comes back as the very
 * same (immutable) Socket object. The old row is looked for first where it was (the next row in
 * last tick's order: one native byte comparison), then by a hash of its bytes through the inode
 * (rows that moved). Before that, the lead of the table that reads back byte for byte (all of it,
 * when nothing changed) is taken from last tick's order at once. Only new or changed rows are
 * built, and checked in full. Equal bytes parse to an equal row, so a reused row was valid; a
 * malformed row is still skipped, never reused.
 */
import type { Socket } from '../../../shared/model';
import { PROC_NET_TABLES, asBuffer, visitRows } from './linux-proc-net-parse';
import type { ProcNetParseOptions, ProcNetTable, TableShape } from './linux-proc-net-row';
import { ROW, buildSocket, isHeader, lastValue, readSignedLongHex, scanRow, shapeOf, whenMs } from './linux-proc-net-row';
import { COLON, KEY, NEWLINE, commonPrefix, hashKey, sameBytes, validSlot } from './linux-proc-net-row-key';
import type { CacheEntry, RowOrder } from './linux-proc-net-row-order';
import { emptyOrder, newEntry, record, replaceSocket, sameButWhen } from './linux-proc-net-row-order';
import type { ParseResult } from './types';

/**
 * When a tick's tables were read, so that timers get an absolute expiry. With it, a row whose
 * only difference is its timer counting down toward the same expiry (within `toleranceMs`: the
 * clock tick plus how long a read takes) comes back as the same Socket, TIME_WAIT rows included.
 */
export interface ReadClock {
  /** Epoch ms the read started. */
  readAt: number;
  /** How far two readings of one expiry may differ and still be the same timer, ms. */
  toleranceMs: number;
}

/** Reads tables tick after tick, reusing the Socket objects of unchanged rows. */
export interface ProcNetReader {
  /**
   * One table's rows; call for each table of a tick, then commit. The buffer must stay unchanged
   * until the commit of the next tick (the reader compares the next tick's rows with it).
   */
  read(buf: Uint8Array, table: ProcNetTable, clock?: ReadClock): ParseResult;
  /**
   * Ends the tick. `sockets` are the rows of this tick's reads, concatenated in read order, after
   * any were replaced (e.g. with an owner filled in): the reader remembers the replacements.
   */
  commit(sockets: readonly Socket[]): void;
}

/** True when the timer digits at [at, to) name the entry's expiry (or both have expired). */
function sameExpiry(entry: CacheEntry, buf: Buffer, at: number, to: number, clock: ReadClock, clkTck: number): boolean {
  const expiresAt = entry.socket.timer?.expiresAt;
  if (expiresAt === undefined || readSignedLongHex(buf, at, to) !== to) return false;
  const left = whenMs(lastValue(), clkTck);
  // An expired timer reads 0 (or less) until the kernel reaps the row: still the same timer.
  if (left <= 0) return expiresAt <= clock.readAt + clock.toleranceMs;
  return Math.abs(clock.readAt + left - expiresAt) <= clock.toleranceMs;
}

/** Parse options, plus a change made to every row as it is built (a namespace's id and label). */
export interface ProcNetReaderOptions extends ProcNetParseOptions {
  decorate?: (socket: Socket) => Socket;
}

/** A reader with empty caches: its first read builds every row. */
export function createProcNetReader(options: ProcNetReaderOptions = {}): ProcNetReader {
  const decorate = options.decorate;
  const shapes = new Map<ProcNetTable, TableShape>(PROC_NET_TABLES.map((t) => [t, shapeOf(t, options)]));
  const caches = new Map<ProcNetTable, Map<number, CacheEntry>>(PROC_NET_TABLES.map((t) => [t, new Map()]));
  /** Per table: the order of the last read, and a spare one to fill in the next read. */
  const orders = new Map<ProcNetTable, [RowOrder, RowOrder]>(PROC_NET_TABLES.map((t) => [t, [emptyOrder(), emptyOrder()]]));
  /** The cache entry behind each row handed out this tick (null for rows without inode). */
  const handedOut: Array<CacheEntry | null> = [];
  /** The rows themselves, so the commit finds replacements without touching every entry. */
  const handedRows: Socket[] = [];
  let handedCount = 0;
  const readThisTick = new Set<ProcNetTable>();
  let tick = 0;
  let live = 0;
  /** The clock of the read in progress (undefined: timers count down as read, rows are rebuilt). */
  let clock: ReadClock | undefined;
  const clkTck = shapeOf('tcp', options).clkTck;

  function markSeen(entry: CacheEntry, buf: Buffer, from: number): void {
    entry.buf = buf;
    entry.from = from;
    if (entry.seen !== tick) {
      entry.seen = tick;
      live++;
    }
  }

  /**
   * With a clock: the entry's row again, its timer counting down to the same expiry; the entry
   * then points at the new bytes.
   */
  function sameTimerRow(entry: CacheEntry, buf: Buffer, from: number, end: number): boolean {
    if (clock === undefined) return false;
    const whenEnd = sameButWhen(entry, buf, from, end);
    if (whenEnd < 0 || !sameExpiry(entry, buf, from + entry.whenFrom, whenEnd, clock, clkTck)) return false;
    const tail = entry.length - entry.whenTo;
    entry.whenTo = whenEnd - from;
    entry.length = entry.whenTo + tail;
    markSeen(entry, buf, from);
    return true;
  }

  /** A row whose key bytes equal a row read (and fully checked) last tick: the same Socket. */
  function reuse(buf: Buffer, cache: Map<number, CacheEntry>): CacheEntry | null {
    const entry = cache.get(KEY.hash);
    if (entry === undefined) return null;
    const length = KEY.to - KEY.from;
    if (entry.length === length && sameBytes(entry.buf, entry.from, buf, KEY.from, length)) {
      remember(entry, buf);
      return entry;
    }
    return sameTimerRow(entry, buf, KEY.from, KEY.to) ? entry : null;
  }

  function remember(entry: CacheEntry, buf: Buffer): void {
    entry.length = KEY.to - KEY.from;
    entry.whenFrom = KEY.whenFrom < 0 ? -1 : KEY.whenFrom - KEY.from;
    entry.whenTo = KEY.whenTo < 0 ? -1 : KEY.whenTo - KEY.from;
    markSeen(entry, buf, KEY.from);
  }

  /**
   * Checks and builds a row not seen before; caches it under its key unless it cannot be matched
   * again (no inode and no clock: a TIME_WAIT row's timer text changes every tick).
   */
  function build(buf: Buffer, start: number, end: number, shape: TableShape, cache: Map<number, CacheEntry>) {
    const refusal = scanRow(buf, start, end, shape);
    if (refusal !== null) return refusal;
    const built = buildSocket(buf, shape, clock?.readAt);
    const socket = decorate === undefined ? built : decorate(built);
    if ((ROW.inode === 0 && clock === undefined) || !hashKey(buf, start, end, clock !== undefined)) return { socket, entry: null };
    const entry = newEntry(socket, buf);
    cache.set(KEY.hash, entry);
    remember(entry, buf);
    return { socket, entry };
  }

  /** The old row at `j` when the text of the new row after its slot number is the same (timer aside, with a clock). */
  function sameAsOld(old: RowOrder, j: number, buf: Buffer, from: number, end: number): CacheEntry | null {
    const entry = j < old.count ? old.entries[j] : undefined;
    if (entry === undefined) return null;
    // A running timer's digits change every tick: compare around them at once.
    if (clock !== undefined && entry.whenFrom >= 0 && entry.timed) return sameTimerRow(entry, buf, from, end) ? entry : null;
    const length = end - from;
    if (old.length[j] === length && sameBytes(old.buf, old.from[j] ?? 0, buf, from, length)) {
      // The key bytes (through the inode) sit at the same distance from the slot's colon.
      markSeen(entry, buf, from);
      return entry;
    }
    return sameTimerRow(entry, buf, from, end) ? entry : null;
  }

  /** Hands out a row found again (or built and cached) and records it in this read's order. */
  function handOut(order: RowOrder, sockets: Socket[], entry: CacheEntry, start: number, from: number, end: number): void {
    sockets.push(entry.socket);
    handedRows[handedCount] = entry.socket;
    handedOut[handedCount++] = entry;
    record(order, start, from, end - from, entry);
  }

  /**
   * Takes the leading rows that read back byte for byte at the same offsets (`same` bytes are
   * equal), each as the next old row; a row with a running timer still has its expiry checked.
   * Stops at the first line that was not the next old row (a row without an entry, a blank line).
   * Returns how many rows it took and where the next line begins.
   */
  function takeLead(old: RowOrder, order: RowOrder, buf: Buffer, same: number, sockets: Socket[]): { rows: number; next: number } {
    const headerEnd = buf.indexOf(NEWLINE);
    if (headerEnd < 0 || headerEnd >= same || !isHeader(buf, 0, headerEnd)) return { rows: 0, next: 0 };
    let next = headerEnd + 1;
    let j = 0;
    for (; j < old.count && old.start[j] === next; j++) {
      const from = old.from[j] ?? 0;
      const end = from + (old.length[j] ?? 0);
      const entry = old.entries[j];
      // The row's newline must be among the equal bytes too (a CR or the end of file: full path).
      if (entry === undefined || end >= same || buf[end] !== NEWLINE) break;
      if (clock !== undefined && entry.whenFrom >= 0 && entry.timed) {
        if (!sameTimerRow(entry, buf, from, end)) break;
      } else markSeen(entry, buf, from);
      handOut(order, sockets, entry, next, from, end);
      next = end + 1;
    }
    return { rows: j, next };
  }

  function read(bytes: Uint8Array, table: ProcNetTable, readClock?: ReadClock): ParseResult {
    const buf = asBuffer(bytes);
    const shape = shapes.get(table) ?? shapeOf(table, options);
    const cache = caches.get(table) ?? new Map<number, CacheEntry>();
    clock = readClock;
    // A table read twice without a commit: the earlier tick was abandoned, start over.
    if (readThisTick.has(table)) abandon();
    readThisTick.add(table);
    const pair = orders.get(table) ?? [emptyOrder(), emptyOrder()];
    const [old, order] = pair;
    order.buf = buf;
    order.count = 0;
    const sockets: Socket[] = [];
    const lead = old.count > 0 ? takeLead(old, order, buf, commonPrefix(old.buf, buf), sockets) : { rows: 0, next: 0 };
    let cursor = lead.rows;
    const counts = visitRows(buf, shape, (start, end) => {
      const colon = buf.indexOf(COLON, start);
      // Only rows with a well-formed slot number may match an old row; others take the full path.
      const from = colon < 0 || colon >= end || !validSlot(buf, start, colon) ? end : colon + 1;
      let entry = from < end ? sameAsOld(old, cursor, buf, from, end) : null;
      if (entry !== null) cursor++;
      else if (from < end && (entry = sameAsOld(old, cursor + 1, buf, from, end)) !== null) cursor += 2;
      else {
        entry = from < end && hashKey(buf, start, end, clock !== undefined) ? reuse(buf, cache) : null;
        if (entry === null) {
          const built = build(buf, start, end, shape, cache);
          if (typeof built === 'string') return built;
          entry = built.entry;
          if (entry === null) {
            sockets.push(built.socket);
            handedRows[handedCount] = built.socket;
            handedOut[handedCount++] = null;
            return null;
          }
        }
        // A row found by its key: the next new row likely follows it in the old order too. A row
        // changed in place: the next new row lines up with the next old one.
        const o = cursor < old.count ? old.entries[cursor] : undefined;
        if (entry.pos >= 0 && entry.pos < old.count && old.entries[entry.pos] === entry) cursor = entry.pos + 1;
        else if (o !== undefined && o.socket.id === entry.socket.id) cursor++;
      }
      handOut(order, sockets, entry, start, from, end);
      return null;
    }, lead.next);
    orders.set(table, [order, old]);
    clock = undefined;
    return { sockets, ...counts };
  }

  function abandon(): void {
    handedCount = 0;
    readThisTick.clear();
    live = 0;
    tick++;
  }

  function commit(sockets: readonly Socket[]): void {
    const count = Math.min(sockets.length, handedCount);
    for (let i = 0; i < count; i++) {
      const socket = sockets[i];
      if (socket === undefined || socket === handedRows[i]) continue;
      const entry = handedOut[i];
      if (entry != null) replaceSocket(entry, socket);
    }
    let cached = 0;
    for (const cache of caches.values()) cached += cache.size;
    if (cached > live) {
      for (const cache of caches.values()) for (const [key, e] of cache) if (e.seen !== tick) cache.delete(key);
    }
    handedOut.length = Math.min(handedOut.length, Math.max(handedCount, 1024));
    handedRows.length = handedOut.length;
    abandon();
  }

  return { read, commit };
}
