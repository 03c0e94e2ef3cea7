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
import { ROW, buildSocket, scanRow, shapeOf } from './linux-proc-net-row';
import type { ParseResult } from './types';

interface CacheEntry {
  socket: Socket;
  /** Where the row's key bytes (after the slot number, through the inode) were last seen. */
  buf: Buffer;
  from: number;
  length: number;
  seen: number;
}

/** Reads tables tick after tick, reusing the Socket objects of unchanged rows. */
export interface ProcNetReader {
  /**
   * One table's rows; call for each table of a tick, then commit. The buffer must stay unchanged
   * until the commit of the next tick (the reader compares the next tick's rows with it).
   */
  read(buf: Uint8Array, table: ProcNetTable): ParseResult;
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

/** Where the key bytes of the row last hashed begin and end, and their FNV-1a hash. */
const KEY = { from: 0, to: 0, hash: 0 };

/**
 * One tight pass over a row: skips the slot number (it shifts when rows come and go) and hashes
 * the bytes through the end of the inode field. False when the row is too short to have a key;
 * such a row simply takes the full path (and is refused there).
 */
function hashKey(buf: Uint8Array, start: number, end: number): boolean {
  let colon = start;
  while (colon < end && buf[colon] !== COLON) colon++;
  if (colon >= end) return false;
  let hash = 0x811c9dc5;
  let fields = 0;
  let inField = false;
  let i = colon + 1;
  for (; i < end; i++) {
    const c = buf[i] ?? 0;
    if (c === SPACE) {
      if (inField && ++fields === KEY_FIELDS) break;
      inField = false;
    } else inField = true;
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

/** Native comparison (memcmp): several times faster than a JS loop over 100+ bytes a row. */
function sameBytes(a: Buffer, aStart: number, b: Buffer, bStart: number, length: number): boolean {
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

  /** A row whose key bytes equal a row read (and fully checked) last tick: the same Socket. */
  function reuse(buf: Buffer, cache: Map<number, CacheEntry>): CacheEntry | null {
    const entry = cache.get(KEY.hash);
    const length = KEY.to - KEY.from;
    if (entry === undefined || entry.length !== length || !sameBytes(entry.buf, entry.from, buf, KEY.from, length)) {
      return null;
    }
    return entry;
  }

  function remember(entry: CacheEntry, buf: Buffer): void {
    entry.buf = buf;
    entry.from = KEY.from;
    entry.length = KEY.to - KEY.from;
    if (entry.seen !== tick) {
      entry.seen = tick;
      live++;
    }
  }

  /** Checks and builds a row not seen before; caches it under its key unless it has no inode. */
  function build(buf: Buffer, start: number, end: number, shape: TableShape, cache: Map<number, CacheEntry>) {
    const refusal = scanRow(buf, start, end, shape);
    if (refusal !== null) return refusal;
    const built = buildSocket(buf, shape);
    const socket = decorate === undefined ? built : decorate(built);
    // Rows without inode (TIME_WAIT) change every tick (their timer counts down): not cached.
    if (ROW.inode === 0 || !hashKey(buf, start, end)) return { socket, entry: null };
    const entry: CacheEntry = { socket, buf, from: 0, length: 0, seen: -1 };
    cache.set(KEY.hash, entry);
    remember(entry, buf);
    return { socket, entry };
  }

  /** The old row at `j` when the text of the new row after its slot number is the same. */
  function sameAsOld(old: RowOrder, j: number, buf: Buffer, from: number, length: number): CacheEntry | null {
    const entry = j < old.count ? old.entries[j] : undefined;
    if (entry === undefined || old.length[j] !== length || !sameBytes(old.buf, old.from[j] ?? 0, buf, from, length)) {
      return null;
    }
    // The key bytes (through the inode) sit at the same distance from the slot's colon.
    entry.buf = buf;
    entry.from = from;
    if (entry.seen !== tick) {
      entry.seen = tick;
      live++;
    }
    return entry;
  }

  function read(bytes: Uint8Array, table: ProcNetTable): ParseResult {
    const buf = asBuffer(bytes);
    const shape = shapes.get(table) ?? shapeOf(table, options);
    const cache = caches.get(table) ?? new Map<number, CacheEntry>();
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
      const length = end - from;
      let entry = sameAsOld(old, cursor, buf, from, length);
      if (entry !== null) cursor++;
      else if ((entry = sameAsOld(old, cursor + 1, buf, from, length)) !== null) cursor += 2;
      else {
        entry = from < end && hashKey(buf, start, end) ? reuse(buf, cache) : null;
        if (entry !== null) remember(entry, buf);
        else {
          const built = build(buf, start, end, shape, cache);
          if (typeof built === 'string') return built;
          entry = built.entry;
          if (entry === null) {
            sockets.push(built.socket);
            handedOut[handedCount++] = null;
            return null;
          }
        }
        // A row changed in place: the next new row lines up with the next old one.
        if (cursor < old.count && old.entries[cursor]?.socket.inode === entry.socket.inode) cursor++;
      }
      sockets.push(entry.socket);
      handedOut[handedCount++] = entry;
      record(order, from, length, entry);
      return null;
    });
    orders.set(table, [order, old]);
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
    abandon();
  }

  return { read, commit };
}
