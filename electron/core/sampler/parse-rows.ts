/**
 * What every text parser shares: building a Socket row with its stable id, collecting rows and
 * refusals into a ParseResult, and reading the state words that BSD-style netstat prints (macOS,
 * Windows in English). A parser never throws; it refuses a row in words and moves on.
 */
import type { Owner, Proto, Socket, SocketState, SocketTimer } from '../../../shared/model';
import { socketId } from '../../../shared/socket-id';
import type { NamedEndpoint, ParsedEndpoint } from './parse-address';
import { isUnset } from './parse-address';
import type { LineNote, ParseResult } from './types';

/** Everything a parser knows about one row; the builder fills in the rest. */
export interface RowFields {
  proto: Proto;
  local: NamedEndpoint;
  remote: NamedEndpoint;
  state: SocketState;
  inode?: number;
  uid?: number | null;
  txQueue?: number;
  rxQueue?: number;
  timer?: SocketTimer | null;
  owner?: Owner | null;
  /** Every holder when the capture names several (the first is `owner`). */
  owners?: Owner[];
}

/** A Socket row from parsed fields, with its id from shared/socket-id (inode 0 where unknown). */
export function buildSocket(f: RowFields): Socket {
  const inode = f.inode ?? 0;
  // A printed name stands in for an unknown address in the id, so two hosts' rows stay apart.
  const localKey = f.local.address === '' ? (f.local.host ?? '') : f.local.address;
  const remoteKey = f.remote.address === '' ? (f.remote.host ?? '') : f.remote.address;
  const socket: Socket = {
    id: socketId(f.proto, localKey, f.local.port, remoteKey, f.remote.port, inode),
    proto: f.proto,
    family: f.local.family,
    localAddress: f.local.address,
    localPort: f.local.port,
    remoteAddress: f.remote.address,
    remotePort: f.remote.port,
    state: f.state,
    inode,
    uid: f.uid ?? null,
    txQueue: f.txQueue ?? 0,
    rxQueue: f.rxQueue ?? 0,
    timer: f.timer ?? null,
    owner: f.owner ?? null,
    ...(f.owners !== undefined && f.owners.length > 1 ? { owners: f.owners } : {}),
  };
  if (f.local.host !== undefined) socket.localHost = f.local.host;
  if (f.remote.host !== undefined) socket.remoteHost = f.remote.host;
  if (f.local.portName !== undefined) socket.localPortName = f.local.portName;
  if (f.remote.portName !== undefined) socket.remotePortName = f.remote.portName;
  return socket;
}

/** The owner a capture names: a positive pid (0 and negatives mean none), start time unknown. */
export function ownerOf(pid: number | null, name: string): Owner | null {
  return pid !== null && Number.isSafeInteger(pid) && pid > 0 ? { pid, startTime: 0, name } : null;
}

/** UDP has no state column: connected (a remote is set) reads as ESTABLISHED, else UNCONN. */
export function udpState(remote: ParsedEndpoint): SocketState {
  return isUnset(remote) ? 'UNCONN' : 'ESTABLISHED';
}

const NETSTAT_WORDS: Readonly<Record<string, SocketState>> = {
  ESTABLISHED: 'ESTABLISHED',
  LISTEN: 'LISTEN',
  LISTENING: 'LISTEN',
  TIME_WAIT: 'TIME_WAIT',
  CLOSE_WAIT: 'CLOSE_WAIT',
  FIN_WAIT_1: 'FIN_WAIT1',
  FIN_WAIT_2: 'FIN_WAIT2',
  SYN_SENT: 'SYN_SENT',
  SYN_RCVD: 'SYN_RECV',
  SYN_RECEIVED: 'SYN_RECV',
  LAST_ACK: 'LAST_ACK',
  CLOSING: 'CLOSING',
  CLOSED: 'CLOSE',
  // Windows: a TCB being torn down, and a bound socket that neither listens nor connects.
  DELETE_TCB: 'CLOSE',
  BOUND: 'BOUND_INACTIVE',
};

/** The shared state for an English BSD/Windows netstat state word, or null when unknown. */
export function netstatState(word: string): SocketState | null {
  return NETSTAT_WORDS[word.toUpperCase()] ?? null;
}

/** Rows and refusals of one parse, with ids kept unique within the result. */
export class RowCollector {
  private readonly sockets: Socket[] = [];
  private readonly idCount = new Map<string, number>();
  private readonly rowLines = new Set<number>();
  private readonly lineNotes = new Map<number, LineNote>();
  private skipped = 0;
  private firstError: string | null = null;

  constructor(private readonly what: string) {}

  /**
   * Adds a row. Two rows with the same tuple and no inode (Windows and macOS show no inode) are
   * distinct sockets, so a repeated id gets '#2', '#3'... in the order the tool printed them.
   */
  add(socket: Socket, line?: number): void {
    const seen = this.idCount.get(socket.id) ?? 0;
    this.idCount.set(socket.id, seen + 1);
    // Rows are built fresh by the parser that adds them, so the id is set in place (no copy per row).
    if (seen > 0) socket.id = `${socket.id}#${seen + 1}`;
    this.sockets.push(socket);
    if (line !== undefined) this.rowLines.add(line);
  }

  /** The row added last, so a continuation line can complete it (netstat -b). */
  last(): Socket | undefined {
    return this.sockets[this.sockets.length - 1];
  }

  /** Replaces the row added last (same id), e.g. with the owner a continuation line named. */
  replaceLast(socket: Socket): void {
    if (this.sockets.length > 0) this.sockets[this.sockets.length - 1] = socket;
  }

  /** Counts a refused row; the first refusal is kept in words with its line number. */
  refuse(line: number, reason: string): void {
    this.skipped++;
    this.firstError ??= `${this.what} line ${line}: ${reason}`;
    this.lineNotes.set(line, { kind: 'refused', reason });
  }

  /** Notes why a line that is no row was read and left (a duplicate, an attached owner, a section). */
  note(line: number, kind: string, reason: string): void {
    this.lineNotes.set(line, { kind, reason });
  }

  result(): ParseResult {
    return { sockets: this.sockets, skipped: this.skipped, firstError: this.firstError, rowLines: this.rowLines, lineNotes: this.lineNotes };
  }
}

/** Lines of a text, split on LF or CRLF (Windows tools write CRLF). */
export function textLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Whitespace-separated fields of a line. */
export function fields(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/** A non-negative integer from decimal text, or null. */
export function count(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}
