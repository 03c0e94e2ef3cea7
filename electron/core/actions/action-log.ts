/**
 * The action log: every action tried (time, action, target, outcome, words), newest last and
 * bounded, carried by the status and the JSON export so what Ephemera did is never a secret.
 */
import type { ActionLogEntry, ActionResult } from '../../../shared/action-model';

/** Entries kept. */
export const ACTION_LOG_LIMIT = 50;

/** A bounded log of action results. */
export interface ActionLog {
  add(result: ActionResult): void;
  list(): ActionLogEntry[];
}

/** A log keeping the last `limit` entries. */
export function createActionLog(limit = ACTION_LOG_LIMIT): ActionLog {
  let entries: ActionLogEntry[] = [];
  return {
    add: (r) => {
      entries = [
        ...entries,
        { time: r.time, action: r.action, target: r.target, outcome: r.outcome, message: r.message },
      ].slice(-limit);
    },
    list: () => [...entries],
  };
}
