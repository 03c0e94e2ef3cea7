/**
 * Test support: feeds an ExhaustionMonitor whole tables, working out the added, removed and changed
 * rows by id the way the churn engine's diff does, so monitor tests read as a series of tables.
 */
import type { Exhaustion } from '../../../shared/exhaustion-model';
import type { PortRange, Socket } from '../../../shared/model';
import type { ExhaustionMonitor } from './exhaustion-monitor';

/** A function taking the next table and its time; `start` is the table the monitor already follows. */
export function tableStepper(m: ExhaustionMonitor, range: PortRange, start: readonly Socket[] = []): (rows: Socket[], time: number) => Exhaustion {
  let held = new Map(start.map((s) => [s.id, s]));
  return (rows, time) => {
    const next = new Map(rows.map((s) => [s.id, s]));
    const added = rows.filter((s) => !held.has(s.id));
    const removed = [...held.values()].filter((s) => !next.has(s.id));
    const changed = rows.filter((s) => held.has(s.id) && held.get(s.id) !== s);
    held = next;
    return m.observe(rows, { added, removed, changed }, () => rows, range, time);
  };
}
