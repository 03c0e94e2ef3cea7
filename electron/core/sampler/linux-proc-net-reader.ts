/**
 * The incremental form of parseProcNet, for the sampler's tick loop. Between two ticks almost
 * every row is byte-for-byte the same; building 20,000 fresh Socket objects (and their id and
 * address strings) per tick would cost more in garbage collection than the whole read. So a row
 * whose bytes from local address through inode equal those of a row read last tick (found by a
 * hash of those bytes, then compared byte for byte) comes back as the very same (immutable) Socket
 * object; only new or changed rows are built, and checked in full. Equal bytes parse to an equal
 * row, so a reused row was valid; a malformed row is still skipped and counted, never reused.
 */
import type { Socket } from '../../../shared/model';
import { PROC_NET_TABLES, visitRows } from './linux-proc-net-parse';
import type { ProcNetParseOptions, ProcNetTable, TableShape } from './linux-proc-net-row';
import { ROW, buildSocket, scanRow, shapeOf } from './linux-proc-net-row';
import type { ParseResult } from './types';

interface CacheEntry {
  socket: Socket;
  /** Where the row's key bytes (after the slot number, through the inode) were last seen. */
  buf: Uint8Array;
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

function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

/** A reader with empty caches: its first read builds every row. */
export function createProcNetReader(options: ProcNetParseOptions = {}): ProcNetReader {
  const shapes = new Map<ProcNetTable, TableShape>(PROC_NET_TABLES.map((t) => [t, shapeOf(t, options)]));
  const caches = new Map<ProcNetTable, Map<number, CacheEntry>>(PROC_NET_TABLES.map((t) => [t, new Map()]));
  /** The cache entry behind each row handed out this tick (null for rows without inode). */
  let handedOut: Array<CacheEntry | null> = [];
  let tick = 0;
  let live = 0;

  /** A row whose key bytes equal a row read (and fully checked) last tick: the same Socket. */
  function reuse(buf: Uint8Array, cache: Map<number, CacheEntry>): CacheEntry | null {
    const entry = cache.get(KEY.hash);
    const length = KEY.to - KEY.from;
    if (entry === undefined || entry.length !== length || !sameBytes(entry.buf, entry.from, buf, KEY.from, length)) {
      return null;
    }
    return entry;
  }

  function remember(entry: CacheEntry, buf: Uint8Array): void {
    entry.buf = buf;
    entry.from = KEY.from;
    entry.length = KEY.to - KEY.from;
    if (entry.seen !== tick) {
      entry.seen = tick;
      live++;
    }
  }

  /** Checks and builds a row not seen before; caches it under its key unless it has no inode. */
  function build(buf: Uint8Array, start: number, end: number, shape: TableShape, cache: Map<number, CacheEntry>) {
    const refusal = scanRow(buf, start, end, shape);
    if (refusal !== null) return refusal;
    const socket = buildSocket(buf, shape);
    // Rows without inode (TIME_WAIT) change every tick (their timer counts down): not cached.
    if (ROW.inode === 0 || !hashKey(buf, start, end)) return { socket, entry: null };
    const entry: CacheEntry = { socket, buf, from: 0, length: 0, seen: -1 };
    cache.set(KEY.hash, entry);
    remember(entry, buf);
    return { socket, entry };
  }

  function read(buf: Uint8Array, table: ProcNetTable): ParseResult {
    const shape = shapes.get(table) ?? shapeOf(table, options);
    const cache = caches.get(table) ?? new Map<number, CacheEntry>();
    const sockets: Socket[] = [];
    const counts = visitRows(buf, shape, (start, end) => {
      const known = hashKey(buf, start, end) ? reuse(buf, cache) : null;
      if (known !== null) {
        remember(known, buf);
        sockets.push(known.socket);
        handedOut.push(known);
        return null;
      }
      const built = build(buf, start, end, shape, cache);
      if (typeof built === 'string') return built;
      sockets.push(built.socket);
      handedOut.push(built.entry);
      return null;
    });
    return { sockets, ...counts };
  }

  function commit(sockets: readonly Socket[]): void {
    const count = Math.min(sockets.length, handedOut.length);
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
    handedOut = [];
    live = 0;
    tick++;
  }

  return { read, commit };
}
