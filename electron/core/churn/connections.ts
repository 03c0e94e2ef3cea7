/**
 * What makes a run of socket rows one connection. The kernel shows a closing TCP connection as a
 * new row: the socket with inode N leaves and an orphan or TIME_WAIT row with inode 0 takes its
 * place; an accepted child moves the other way, inode 0 to N. Rates and lifetimes count
 * connections, so these rules decide when a new row continues an old one instead of being a birth.
 */
import type { PortHold } from '../../../shared/churn-model';
import type { Owner, Socket, SocketState } from '../../../shared/model';
import { timerRemainingMs } from '../../../shared/socket-timer';

/** One connection: the chain of rows that share a tuple and follow each other. */
export interface Connection {
  /** Epoch ms its first row was first seen; a TIME_WAIT tail therefore lengthens its life. */
  firstSeen: number;
  /** Rows of this chain present in the current table (normally one). */
  rows: number;
  /** The last owner any of its rows named; TIME_WAIT rows name none, so the owner outlives close(). */
  owner: Owner | null;
  /** Already alive at the first sample: its real birth is unknown, so its lifetime is only a lower bound. */
  censored: boolean;
  /** Whether it has been counted as a kernel open (see countsAsOpen). */
  opened: boolean;
  /** Its tenancy in the per-port history, while that history still keeps it. */
  hold: PortHold | null;
}

/** Starts a connection from its first row. */
export function newConnection(first: Socket, time: number, censored: boolean): Connection {
  return { firstSeen: time, rows: 1, owner: first.owner, censored, opened: false, hold: null };
}

/** The five fields that name a connection: what a row and a destroy event both carry. */
export type Tuple = Pick<Socket, 'proto' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>;

/** proto + local + remote without the inode: what two rows of one connection share. */
export function tupleKey(s: Tuple): string {
  return `${s.proto}|${s.localAddress}|${s.localPort}|${s.remoteAddress}|${s.remotePort}`;
}

/** States of an inode-0 row whose socket a later accept() can still adopt (it then gains an inode). */
const ADOPTABLE: ReadonlySet<SocketState> = new Set<SocketState>(['ESTABLISHED', 'CLOSE_WAIT', 'SYN_RECV']);

/**
 * True when `next`, new in this sample, continues the connection whose row `old` left in the same
 * sample with the same tuple. inode N to 0 is close() (orphan, FIN_WAIT2, TIME_WAIT); 0 to N is
 * accept() of a queued child. N to M are two sockets, and a TIME_WAIT row followed by a live one
 * is a new connection reusing the tuple: both are a death plus a birth.
 */
export function continuesConnection(old: Socket, next: Socket): boolean {
  if (old.proto !== 'tcp' || next.proto !== 'tcp') return false;
  if (old.inode !== 0 && next.inode === 0) return true;
  return old.inode === 0 && next.inode !== 0 && ADOPTABLE.has(old.state);
}

const OPENING: ReadonlySet<SocketState> = new Set<SocketState>(['SYN_SENT', 'SYN_RECV', 'NEW_SYN_RECV', 'ESTABLISHED']);

/**
 * True when one row (same id) went from TIME_WAIT to an opening state: the kernel let a new
 * connection take over the TIME_WAIT tuple, so the old connection died and a new one was born.
 */
export function isRebirth(prev: SocketState, next: SocketState): boolean {
  return prev === 'TIME_WAIT' && OPENING.has(next);
}

/** How much later a TIME_WAIT may seem to have started between two reads (timer ticks, read time) before it counts as restarted. */
const TIMER_JITTER_MS = 150;

/**
 * True when one TIME_WAIT row (same id) had its timer start over: a timer counts down by the time
 * between the samples (`elapsedMs`), so one that lost less went through a new connection in between
 * (tcp_tw_reuse lets one take over a TIME_WAIT tuple from the next second on), which left a
 * TIME_WAIT of its own. That is a death and a birth, like isRebirth; without it, a busy client
 * reusing its tuples looks like one long connection to the poller. `readSkewMs` widens the margin
 * by how long the reads took: a restart missed is still counted by its destroy event, a false one
 * would count a connection twice.
 */
export function isTimeWaitRenewal(prev: Socket, next: Socket, elapsedMs: number, readSkewMs = 0, nowMs?: number): boolean {
  if (prev.state !== 'TIME_WAIT' || next.state !== 'TIME_WAIT') return false;
  if (prev.timer?.kind !== 'time-wait' || next.timer?.kind !== 'time-wait') return false;
  // Rows with an absolute expiry (see SocketTimer.expiresAt) are read at the sample's time.
  const timed = nowMs !== undefined && prev.timer.expiresAt !== undefined && next.timer.expiresAt !== undefined;
  const before = timed ? timerRemainingMs(prev.timer, nowMs) : prev.timer.remainingMs - elapsedMs;
  const after = timed ? timerRemainingMs(next.timer, nowMs) : next.timer.remainingMs;
  // The kernel prints an expired timer as 0 until the TIME_WAIT is reaped (up to seconds late): 0 then 0 is no restart.
  return after > Math.max(0, before) + TIMER_JITTER_MS + readSkewMs;
}

const NOT_OPENED: ReadonlySet<SocketState> = new Set<SocketState>([
  'LISTEN',
  'SYN_RECV',
  'NEW_SYN_RECV',
  'BOUND_INACTIVE',
]);

/**
 * True when a row proves a TCP open the kernel counts. Linux adds to ActiveOpens in connect()
 * (SYN_SENT) and to PassiveOpens when the handshake of an incoming connection completes; a
 * listener or a half-open request is neither. A connected row always has a peer port.
 */
export function countsAsOpen(s: Socket): boolean {
  return s.proto === 'tcp' && s.remotePort !== 0 && !NOT_OPENED.has(s.state);
}
