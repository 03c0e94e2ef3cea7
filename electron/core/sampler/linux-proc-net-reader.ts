/**
 * The incremental form of parseProcNet, for the sampler's tick loop. Between two ticks almost
 * every row is byte-for-byte the same; building 20,000 fresh Socket objects (and their id and
 * address strings) per tick would cost more in garbage collection than the whole read. So a row
 * whose text after its slot number equals that of a row read last tick comes back as the very
 * same (immutable) Socket object. The old row is looked for first where it was (the next row in
 * last tick's order: one native byte comparison), then by a hash of its bytes through the inode
 * (rows that moved). Only new or changed rows are built, and checked in full. Equal bytes parse to
 * an equal row, so a reused row was valid; a malformed row is still skipped, never reused.
 */
import type { Socket } from '../../../shared/model';
import { PROC_NET_TABLES, asBuffer, visitRows } from './linux-proc-net-parse';
import type { ProcNetParseOptions, ProcNetTable, TableShape } from './linux-proc-net-row';
import { ROW, buildSocket, lastValue, readSignedLongHex, scanRow, shapeOf, whenMs } from './linux-proc-net-row';
import { hexAt } from './proc-address';
import type { ParseResult } from './types';

interface CacheEntry {
  socket: Socket;
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

const SPACE = 32;
const TAB = 9;
const COLON = 58;
/** Fields after the slot number up to and including the inode: local ... timeout, inode. */
const KEY_FIELDS = 9;

/** Where the key bytes of the row last hashed begin and end, its "when" digits (-1: not skipped), and the FNV-1a hash. */
const KEY = { from: 0, to: 0, hash: 0, whenFrom: -1, whenTo: -1 };
/** The field (0-based, after the slot) holding "tr:when". */
const TIMER_FIELD = 4;

/**
 * One tight pass over a row: skips the slot number (it shifts when rows come and go) and hashes
 * the bytes through the end of the inode field. False when the row is too short to have a key;
 * such a row simply takes the full path (and is refused there).
 */
function hashKey(buf: Uint8Array, start: number, end: number, skipWhen = false): boolean {
  let colon = start;
  while (colon < end && buf[colon] !== COLON) colon++;
  if (colon >= end) return false;
  let hash = 0x811c9dc5;
  let fields = 0;
  let inField = false;
  let skipping = false;
  KEY.whenFrom = -1;
  KEY.whenTo = -1;
  let i = colon + 1;
  for (; i < end; i++) {
    const c = buf[i] ?? 0;
    if (c === SPACE) {
      if (skipping) {
        skipping = false;
        KEY.whenTo = i;
      }
      if (inField && ++fields === KEY_FIELDS) break;
      inField = false;
    } else {
      inField = true;
      // With a read clock the timer's countdown is not part of the key (see ReadClock).
      if (skipping) continue;
      if (skipWhen && c === COLON && fields === TIMER_FIELD) {
        skipping = true;
        KEY.whenFrom = i + 1;
      }
    }
    hash = Math.imul(hash ^ c, 16777619);
  }
  if (inField && i === end) fields++;
  KEY.from = colon + 1;
  KEY.to = i;
  KEY.hash = hash;
  return fields === KEY_FIELDS;
}

/** The slot number before the colon: blanks, then 1 to 15 digits, exactly as scanRow wants it. */
function validSlot(buf: Buffer, start: number, colon: number): boolean {
  let i = start;
  while (i < colon && (buf[i] === SPACE || buf[i] === TAB)) i++;
  const digits = colon - i;
  if (digits < 1 || digits > 15) return false;
  for (; i < colon; i++) {
    const c = buf[i] ?? 0;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Below this many bytes a JS loop beats the native call's own cost (profiled at 60,000 TIME_WAIT rows). */
const SHORT_COMPARE = 64;

/** Native comparison (memcmp): several times faster than a JS loop over 100+ bytes a row. */
function sameBytes(a: Buffer, aStart: number, b: Buffer, bStart: number, length: number): boolean {
  if (length <= SHORT_COMPARE) {
    for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
    return true;
  }
  return b.compare(a, aStart, aStart + length, bStart, bStart + length) === 0;
}

/**
 * The cached rows of one table in the order of its last read, with where each row's text after
 * the slot number lay. Most rows come back in the same order, so each new row is first compared
 * with the next expected old row: one byte comparison instead of a hash and a comparison.
 */
interface RowOrder {
  buf: Buffer;
  count: number;
  from: Int32Array;
  length: Int32Array;
  entries: CacheEntry[];
}

const emptyOrder = (): RowOrder => ({
  buf: Buffer.alloc(0),
  count: 0,
  from: new Int32Array(1024),
  length: new Int32Array(1024),
  entries: [],
});

/** Appends a row to an order, growing its arrays by doubling (they are reused tick after tick). */
function record(order: RowOrder, from: number, length: number, entry: CacheEntry): void {
  const i = order.count++;
  if (i === order.from.length) {
    const grownFrom = new Int32Array(i * 2);
    const grownLength = new Int32Array(i * 2);
    grownFrom.set(order.from);
    grownLength.set(order.length);
    order.from = grownFrom;
    order.length = grownLength;
  }
  order.from[i] = from;
  order.length[i] = length;
  order.entries[i] = entry;
  entry.pos = i;
}

/**
 * Where the "when" digits of a row end when its key bytes equal the entry's except for them; -1
 * otherwise. `from` is where the row's text after the slot's colon begins.
 */
function sameButWhen(entry: CacheEntry, buf: Buffer, from: number, end: number): number {
  const wf = entry.whenFrom;
  if (wf < 0 || from + wf >= end || !sameBytes(entry.buf, entry.from, buf, from, wf)) return -1;
  const at = from + wf;
  let i = at;
  while (i < end && i - at < 16 && hexAt(buf, i) >= 0) i++;
  const tail = entry.length - entry.whenTo;
  if (i === at || tail <= 0 || i + tail > end || !sameBytes(entry.buf, entry.from + entry.whenTo, buf, i, tail)) return -1;
  // The inode must end where the old one did (12 is not 123).
  if (i + tail < end && buf[i + tail] !== SPACE && buf[i + tail] !== TAB) return -1;
  return i;
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
    const entry: CacheEntry = { socket, buf, from: 0, length: 0, seen: -1, whenFrom: -1, whenTo: -1, pos: -1 };
    cache.set(KEY.hash, entry);
    remember(entry, buf);
    return { socket, entry };
  }

  /** The old row at `j` when the text of the new row after its slot number is the same (timer aside, with a clock). */
  function sameAsOld(old: RowOrder, j: number, buf: Buffer, from: number, end: number): CacheEntry | null {
    const entry = j < old.count ? old.entries[j] : undefined;
    if (entry === undefined) return null;
    // A running timer's digits change every tick: compare around them at once.
    if (clock !== undefined && entry.whenFrom >= 0 && entry.socket.timer?.expiresAt !== undefined) return sameTimerRow(entry, buf, from, end) ? entry : null;
    const length = end - from;
    if (old.length[j] === length && sameBytes(old.buf, old.from[j] ?? 0, buf, from, length)) {
      // The key bytes (through the inode) sit at the same distance from the slot's colon.
      markSeen(entry, buf, from);
      return entry;
    }
    return sameTimerRow(entry, buf, from, end) ? entry : null;
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
    let cursor = 0;
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
      sockets.push(entry.socket);
      handedOut[handedCount++] = entry;
      record(order, from, end - from, entry);
      return null;
    });
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
      const entry = handedOut[i];
      const socket = sockets[i];
      if (entry != null && socket !== undefined && entry.socket !== socket) entry.socket = socket;
    }
    let cached = 0;
    for (const cache of caches.values()) cached += cache.size;
    if (cached > live) {
      for (const cache of caches.values()) for (const [key, e] of cache) if (e.seen !== tick) cache.delete(key);
    }
    handedOut.length = Math.min(handedOut.length, Math.max(handedCount, 1024));
    abandon();
  }

  return { read, commit };
}
