/**
 * Parser for /proc/net/{tcp,tcp6,udp,udp6}: the Linux fast path reads these tables on every tick,
 * so this scans bytes in place (no per-line regex, no split) and refuses any row that does not
 * have the exact shape the kernel prints, counting it instead of guessing.
 */
import type { Family, Proto, Socket, SocketState, SocketTimer, TimerKind } from '../../../shared/model';
import { TCP_STATES } from '../../../shared/model';
import { socketId } from '../../../shared/socket-id';
import { decodeProcIpv4, decodeProcIpv6, hexAt, isHexRun } from './proc-address';
import type { ParseResult } from './types';

/** The four socket tables under /proc/net that the Linux source reads. */
export type ProcNetTable = 'tcp' | 'tcp6' | 'udp' | 'udp6';

/** Every table, in the order the source reads them. */
export const PROC_NET_TABLES: readonly ProcNetTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/** Facts about the machine that wrote the table; defaults fit x86/arm Linux at USER_HZ 100. */
export interface ProcNetParseOptions {
  /** Clock ticks per second (`getconf CLK_TCK`); the timer column is in these units. */
  clkTck?: number;
  /** Byte order of the machine that wrote the file (addresses are printed as host-order words). */
  littleEndian?: boolean;
}

const TIMER_KINDS: readonly TimerKind[] = ['none', 'retransmit', 'keepalive', 'time-wait', 'zero-window-probe'];
const NO_TIMER: SocketTimer = Object.freeze({ kind: 'none', remainingMs: 0, retransmits: 0 });
const SPACE = 32;
const TAB = 9;
const COLON = 58;
const MINUS = 45;
const NEWLINE = 10;
const CR = 13;

interface TableShape {
  proto: Proto;
  family: Family;
  hexLength: number;
  name: ProcNetTable;
  clkTck: number;
  littleEndian: boolean;
}

/** Scratch value of the last number read; the readers return the next position or -1. */
let value = 0;

function skipSpaces(buf: Uint8Array, pos: number, end: number): number {
  while (pos < end && (buf[pos] === SPACE || buf[pos] === TAB)) pos++;
  return pos;
}

/** After a field: at least one blank, then the next field; -1 when the row ends or runs on. */
function nextField(buf: Uint8Array, pos: number, end: number): number {
  if (pos < 0 || pos >= end || (buf[pos] !== SPACE && buf[pos] !== TAB)) return -1;
  return skipSpaces(buf, pos, end);
}

function readHex(buf: Uint8Array, pos: number, end: number, min: number, max: number): number {
  let v = 0;
  let i = pos;
  while (i < end && i - pos < max) {
    const h = hexAt(buf, i);
    if (h < 0) break;
    v = v * 16 + h;
    i++;
  }
  if (i - pos < min || (i < end && hexAt(buf, i) >= 0)) return -1;
  value = v;
  return i;
}

/** Up to 16 hex digits of a C long: a value with the top bit set is negative (two's complement). */
function readSignedLongHex(buf: Uint8Array, pos: number, end: number): number {
  const next = readHex(buf, pos, end, 1, 16);
  if (next < 0 || next - pos < 16 || hexAt(buf, pos) < 8) return next;
  let inverted = 0;
  for (let i = pos; i < next; i++) inverted = inverted * 16 + (15 - hexAt(buf, i));
  value = -(inverted + 1);
  return next;
}

function readDecimal(buf: Uint8Array, pos: number, end: number, signed: boolean): number {
  let i = pos;
  const negative = signed && i < end && buf[i] === MINUS;
  if (negative) i++;
  const first = i;
  let v = 0;
  while (i < end) {
    const c = buf[i] ?? 0;
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  if (i === first || i - first > 15) return -1;
  value = negative ? -v : v;
  return i;
}

/** local_address or rem_address: exact-width hex address, ':', 4 hex digits of port. */
function checkEndpoint(buf: Uint8Array, pos: number, end: number, shape: TableShape): number {
  const portAt = pos + shape.hexLength + 1;
  if (portAt + 4 > end || !isHexRun(buf, pos, shape.hexLength) || buf[portAt - 1] !== COLON) return -1;
  return readHex(buf, portAt, end, 4, 4);
}

function decodeAddress(buf: Uint8Array, pos: number, shape: TableShape): string {
  return shape.family === 4 ? decodeProcIpv4(buf, pos, shape.littleEndian) : decodeProcIpv6(buf, pos, shape.littleEndian);
}

function stateOf(code: number, proto: Proto): SocketState | null {
  if (proto === 'udp' && code === 7) return 'UNCONN';
  return TCP_STATES[code - 1] ?? null;
}

function timerOf(tr: number, when: number, retransmits: number, clkTck: number): SocketTimer | null {
  const kind = TIMER_KINDS[tr];
  if (kind === undefined) return null;
  if (tr === 0 && when === 0 && retransmits === 0) return NO_TIMER;
  return { kind, remainingMs: (when * 1000) / clkTck, retransmits };
}

/** Parses one row between `start` and `end`; returns the socket or why it was refused. */
function parseRow(buf: Uint8Array, start: number, end: number, shape: TableShape): Socket | string {
  let p = readDecimal(buf, skipSpaces(buf, start, end), end, false);
  if (p < 0 || buf[p] !== COLON) return 'bad slot number';
  const localAt = nextField(buf, p + 1, end);
  p = localAt < 0 ? -1 : checkEndpoint(buf, localAt, end, shape);
  const remoteAt = p < 0 ? -1 : nextField(buf, p, end);
  if (remoteAt < 0) return 'bad local address';
  const localPort = value;
  p = checkEndpoint(buf, remoteAt, end, shape);
  if (p < 0) return 'bad remote address';
  const remotePort = value;
  p = readHex(buf, nextField(buf, p, end), end, 2, 2);
  const state = p < 0 ? null : stateOf(value, shape.proto);
  if (state === null) return 'bad state';
  p = readHex(buf, nextField(buf, p, end), end, 1, 8);
  const txQueue = value;
  p = p < 0 || buf[p] !== COLON ? -1 : readHex(buf, p + 1, end, 1, 8);
  if (p < 0) return 'bad queues';
  const rxQueue = value;
  p = readHex(buf, nextField(buf, p, end), end, 2, 2);
  const tr = value;
  p = p < 0 || buf[p] !== COLON ? -1 : readSignedLongHex(buf, p + 1, end);
  if (p < 0) return 'bad timer';
  const when = value;
  p = readHex(buf, nextField(buf, p, end), end, 1, 8);
  if (p < 0) return 'bad retransmit count';
  const retransmits = value;
  p = readDecimal(buf, nextField(buf, p, end), end, false);
  if (p < 0) return 'bad uid';
  const uid = value;
  p = readDecimal(buf, nextField(buf, p, end), end, true);
  if (p < 0) return 'bad timeout';
  p = readDecimal(buf, nextField(buf, p, end), end, false);
  if (p < 0 || (p < end && buf[p] !== SPACE && buf[p] !== TAB)) return 'bad inode';
  const inode = value;
  const timer = timerOf(tr, when, retransmits, shape.clkTck);
  if (timer === null) return 'unknown timer kind';
  const localAddress = decodeAddress(buf, localAt, shape);
  const remoteAddress = decodeAddress(buf, remoteAt, shape);
  return {
    id: socketId(shape.proto, localAddress, localPort, remoteAddress, remotePort, inode),
    proto: shape.proto,
    family: shape.family,
    localAddress,
    localPort,
    remoteAddress,
    remotePort,
    state,
    inode,
    // A TIME_WAIT row is a kernel remnant: the kernel prints a literal 0, not an owner's uid.
    uid: state === 'TIME_WAIT' ? null : uid,
    txQueue,
    rxQueue,
    timer,
    owner: null,
  };
}

/** The header line starts with the column name "sl" (after padding). */
function isHeader(buf: Uint8Array, start: number, end: number): boolean {
  const p = skipSpaces(buf, start, end);
  return buf[p] === 115 && buf[p + 1] === 108 && (p + 2 >= end || buf[p + 2] === SPACE);
}

function shapeOf(table: ProcNetTable, options: ProcNetParseOptions): TableShape {
  const six = table.endsWith('6');
  const clkTck = options.clkTck !== undefined && options.clkTck > 0 ? options.clkTck : 100;
  return {
    proto: table.startsWith('tcp') ? 'tcp' : 'udp',
    family: six ? 6 : 4,
    hexLength: six ? 32 : 8,
    name: table,
    clkTck,
    littleEndian: options.littleEndian ?? true,
  };
}

/**
 * Parses the full text of one /proc/net socket table. Blank lines and the header are ignored;
 * every other line becomes one Socket (owner null: the owner resolver fills it) or is counted
 * in `skipped`, with the first refusal in words.
 */
export function parseProcNet(
  input: Uint8Array | string,
  table: ProcNetTable,
  options: ProcNetParseOptions = {},
): ParseResult {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const shape = shapeOf(table, options);
  const sockets: Socket[] = [];
  let skipped = 0;
  let firstError: string | null = null;
  let line = 0;
  for (let start = 0; start < buf.length; ) {
    const newline = buf.indexOf(NEWLINE, start);
    const next = newline < 0 ? buf.length : newline + 1;
    let end = newline < 0 ? buf.length : newline;
    if (end > start && buf[end - 1] === CR) end--;
    line++;
    if (skipSpaces(buf, start, end) < end && !isHeader(buf, start, end)) {
      const row = parseRow(buf, start, end, shape);
      if (typeof row !== 'string') sockets.push(row);
      else {
        skipped++;
        firstError ??= `/proc/net/${table} line ${line}: ${row}`;
      }
    }
    start = next;
  }
  return { sockets, skipped, firstError };
}
