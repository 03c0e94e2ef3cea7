/**
 * Row-level scanning of /proc/net/{tcp,tcp6,udp,udp6}, shared by the pure parser and the
 * incremental reader: it checks a row's exact shape in place (bytes, no regex, no substrings) and
 * only then, on demand, builds the Socket with its strings.
 */
import type { Family, Proto, Socket, SocketState, SocketTimer, TimerKind } from '../../../shared/model';
import { TCP_STATES } from '../../../shared/model';
import { socketId } from '../../../shared/socket-id';
import { decodeProcIpv4, decodeProcIpv6, hexAt, isHexRun } from './proc-address';

/** The four socket tables under /proc/net that the Linux source reads. */
export type ProcNetTable = 'tcp' | 'tcp6' | 'udp' | 'udp6';

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

/** What a table's rows look like and how to read their numbers. */
export interface TableShape {
  proto: Proto;
  family: Family;
  hexLength: number;
  name: ProcNetTable;
  clkTck: number;
  littleEndian: boolean;
}

/** Scratch value of the last number read; the readers return the next position or -1. */
let value = 0;

/** The value of the last number read (after readSignedLongHex returned a position). */
export function lastValue(): number {
  return value;
}

export function skipSpaces(buf: Uint8Array, pos: number, end: number): number {
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
export function readSignedLongHex(buf: Uint8Array, pos: number, end: number): number {
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

/** The timer column's value in ms (it is printed in clock ticks). */
export function whenMs(when: number, clkTck: number): number {
  return (when * 1000) / clkTck;
}

function timerOf(tr: number, when: number, retransmits: number, clkTck: number, readAt: number | undefined): SocketTimer {
  const kind = TIMER_KINDS[tr] ?? 'none';
  if (tr === 0 && when === 0 && retransmits === 0) return NO_TIMER;
  const remainingMs = whenMs(when, clkTck);
  return readAt === undefined || kind === 'none' ? { kind, remainingMs, retransmits } : { kind, remainingMs, retransmits, expiresAt: readAt + remainingMs };
}

/**
 * The numbers of the row last scanned by scanRow: positions of the two addresses, the end of the
 * inode (everything a Socket is built from lies in [localAt, inodeEnd)), and the field values.
 * One shared record, so scanning a row allocates nothing.
 */
export const ROW = {
  localAt: 0,
  remoteAt: 0,
  inodeEnd: 0,
  /** Where the timer's "when" digits (after "tr:") begin and end. */
  whenAt: 0,
  whenEnd: 0,
  localPort: 0,
  remotePort: 0,
  state: 0,
  txQueue: 0,
  rxQueue: 0,
  timerKind: 0,
  when: 0,
  retransmits: 0,
  uid: 0,
  inode: 0,
};

/** Checks one row between `start` and `end` into ROW; returns null, or why it was refused. */
export function scanRow(buf: Uint8Array, start: number, end: number, shape: TableShape): string | null {
  let p = readDecimal(buf, skipSpaces(buf, start, end), end, false);
  if (p < 0 || buf[p] !== COLON) return 'bad slot number';
  const localAt = nextField(buf, p + 1, end);
  p = localAt < 0 ? -1 : checkEndpoint(buf, localAt, end, shape);
  const remoteAt = p < 0 ? -1 : nextField(buf, p, end);
  if (remoteAt < 0) return 'bad local address';
  ROW.localAt = localAt;
  ROW.remoteAt = remoteAt;
  ROW.localPort = value;
  p = checkEndpoint(buf, remoteAt, end, shape);
  if (p < 0) return 'bad remote address';
  ROW.remotePort = value;
  p = readHex(buf, nextField(buf, p, end), end, 2, 2);
  if (p < 0 || stateOf(value, shape.proto) === null) return 'bad state';
  ROW.state = value;
  p = readHex(buf, nextField(buf, p, end), end, 1, 8);
  ROW.txQueue = value;
  p = p < 0 || buf[p] !== COLON ? -1 : readHex(buf, p + 1, end, 1, 8);
  if (p < 0) return 'bad queues';
  ROW.rxQueue = value;
  p = readHex(buf, nextField(buf, p, end), end, 2, 2);
  ROW.timerKind = value;
  ROW.whenAt = p + 1;
  p = p < 0 || buf[p] !== COLON ? -1 : readSignedLongHex(buf, p + 1, end);
  if (p < 0) return 'bad timer';
  ROW.when = value;
  ROW.whenEnd = p;
  p = readHex(buf, nextField(buf, p, end), end, 1, 8);
  if (p < 0) return 'bad retransmit count';
  ROW.retransmits = value;
  p = readDecimal(buf, nextField(buf, p, end), end, false);
  if (p < 0) return 'bad uid';
  ROW.uid = value;
  p = readDecimal(buf, nextField(buf, p, end), end, true);
  if (p < 0) return 'bad timeout';
  p = readDecimal(buf, nextField(buf, p, end), end, false);
  if (p < 0 || (p < end && buf[p] !== SPACE && buf[p] !== TAB)) return 'bad inode';
  ROW.inode = value;
  ROW.inodeEnd = p;
  if (TIMER_KINDS[ROW.timerKind] === undefined) return 'unknown timer kind';
  return null;
}

/**
 * The Socket of the row last scanned (owner null: the owner resolver fills it). With `readAt`
 * (epoch ms of the read) a running timer also gets its absolute `expiresAt`.
 */
export function buildSocket(buf: Uint8Array, shape: TableShape, readAt?: number): Socket {
  const state = stateOf(ROW.state, shape.proto) ?? 'CLOSE';
  const localAddress = decodeAddress(buf, ROW.localAt, shape);
  const remoteAddress = decodeAddress(buf, ROW.remoteAt, shape);
  return {
    id: socketId(shape.proto, localAddress, ROW.localPort, remoteAddress, ROW.remotePort, ROW.inode),
    proto: shape.proto,
    family: shape.family,
    localAddress,
    localPort: ROW.localPort,
    remoteAddress,
    remotePort: ROW.remotePort,
    state,
    inode: ROW.inode,
    // A TIME_WAIT row is a kernel remnant: the kernel prints a literal 0, not an owner's uid.
    uid: state === 'TIME_WAIT' ? null : ROW.uid,
    txQueue: ROW.txQueue,
    rxQueue: ROW.rxQueue,
    timer: timerOf(ROW.timerKind, ROW.when, ROW.retransmits, shape.clkTck, readAt),
    owner: null,
  };
}

/** The header line starts with the column name "sl" (after padding). */
export function isHeader(buf: Uint8Array, start: number, end: number): boolean {
  const p = skipSpaces(buf, start, end);
  return buf[p] === 115 && buf[p + 1] === 108 && (p + 2 >= end || buf[p + 2] === SPACE);
}

/** The shape of one table's rows under the given machine facts. */
export function shapeOf(table: ProcNetTable, options: ProcNetParseOptions): TableShape {
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

