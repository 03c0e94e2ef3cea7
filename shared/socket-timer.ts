/**
 * Time left on a socket timer, derived where it is shown (export, CLI, details) rather than sent
 * every tick: a timer that only counts down is not a change worth a delta row.
 */
import type { SocketTimer } from './model';

/** Milliseconds left at `atMs`: from `expiresAt` when known, else the value as read. */
export function timerRemainingMs(timer: SocketTimer, atMs: number): number {
  return timer.expiresAt === undefined ? timer.remainingMs : timer.expiresAt - atMs;
}

/** The timer as exports and the CLI print it: `{ kind, remainingMs, retransmits }` at `atMs`. */
export function timerAt(timer: SocketTimer | null, atMs: number): SocketTimer | null {
  if (timer === null) return null;
  return { kind: timer.kind, remainingMs: timerRemainingMs(timer, atMs), retransmits: timer.retransmits };
}
