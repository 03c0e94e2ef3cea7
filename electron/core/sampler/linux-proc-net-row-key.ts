/**
 * Byte-level helpers of the incremental /proc/net reader: the hash of a row's key (its text after
 * the slot number, through the inode), the slot number's check, and fast byte comparisons. Kept
 * apart from the reader's bookkeeping so the rules for "same bytes" live in one place.
 */
import { hexAt } from './proc-address';

export const SPACE = 32;
export const TAB = 9;
export const COLON = 58;
export const NEWLINE = 10;
/** Fields after the slot number up to and including the inode: local ... timeout, inode. */
const KEY_FIELDS = 9;
/** The field (0-based, after the slot) holding "tr:when". */
const TIMER_FIELD = 4;

/** Where the key bytes of the row last hashed begin and end, its "when" digits (-1: not skipped), and the FNV-1a hash. */
export const KEY = { from: 0, to: 0, hash: 0, whenFrom: -1, whenTo: -1 };

/**
 * One tight pass over a row: skips the slot number (it shifts when rows come and go) and hashes
 * the bytes through the end of the inode field; with `skipWhen` the timer's "when" digits are
 * left out (a read clock matches them apart). False when the row is too short to have a key;
 * such a row simply takes the full path (and is refused there).
 */
export function hashKey(buf: Uint8Array, start: number, end: number, skipWhen = false): boolean {
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
export function validSlot(buf: Buffer, start: number, colon: number): boolean {
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
export function sameBytes(a: Buffer, aStart: number, b: Buffer, bStart: number, length: number): boolean {
  if (length <= SHORT_COMPARE) {
    for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
    return true;
  }
  return b.compare(a, aStart, aStart + length, bStart, bStart + length) === 0;
}

/** Block sizes of commonPrefix's search, largest first: each step is one native comparison. */
const PREFIX_STEPS = [65536, 4096, 256, 16];

/**
 * How many leading bytes two buffers share. An unchanged table reads back byte for byte, so a few
 * dozen block comparisons stand in for one comparison per row over its unchanged lead.
 */
export function commonPrefix(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  let p = 0;
  for (const step of PREFIX_STEPS) {
    while (p + step <= n && b.compare(a, p, p + step, p, p + step) === 0) p += step;
  }
  while (p < n && a[p] === b[p]) p++;
  return p;
}

/**
 * Where the hex "when" digits starting at `at` end: at most 16 of them (a C long), as the row
 * parser reads them.
 */
export function whenDigitsEnd(buf: Buffer, at: number, end: number): number {
  let i = at;
  while (i < end && i - at < 16 && hexAt(buf, i) >= 0) i++;
  return i;
}
