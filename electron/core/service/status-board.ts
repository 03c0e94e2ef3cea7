/**
 * Bookkeeping behind getStatus: a bounded, de-duplicated error log and the rule for when a
 * status is different enough to push a 'status' event.
 */
import type { Status } from '../../../shared/contract';

/** Errors kept for the status, newest last. */
export const ERROR_LIMIT = 20;

/** A bounded log of error messages. */
export interface ErrorLog {
  /** Records a message; a repeat moves to the end instead of filling the log. Returns the list. */
  add(message: string): string[];
  list(): string[];
}

/** An error log keeping the last `limit` distinct messages. */
export function createErrorLog(limit = ERROR_LIMIT): ErrorLog {
  let items: string[] = [];
  return {
    add(message) {
      items = [...items.filter((m) => m !== message), message].slice(-limit);
      return [...items];
    },
    list: () => [...items],
  };
}

/**
 * True when a status differs in something a user would notice; the per-tick counters
 * (samples, lastSampleMs) alone do not count, or every tick would be a status event.
 */
export function statusChanged(previous: Status | null, next: Status): boolean {
  if (previous === null) return true;
  const key = (s: Status): string => JSON.stringify({ ...s, samples: 0, lastSampleMs: 0 });
  return key(previous) !== key(next);
}
