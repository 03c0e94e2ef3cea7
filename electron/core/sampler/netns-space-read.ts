/**
 * One other namespace's rows for one tick (see netns-tables.ts): its counters first, then its last
 * rows again when they have not moved since a full read younger than the maximum age, else its
 * tables, each table the counters say is empty left unread. The counters are read before the
 * tables, so a change between the two reads makes the next tick's counters differ from the key
 * kept, and that tick reads in full: a change is never hidden behind a key taken after it.
 */
import type { Netns, Socket } from '../../../shared/model';
import type { ProcNetTable } from './linux-proc-net-parse';
import { PROC_NET_TABLES, asBuffer } from './linux-proc-net-parse';
import type { ProcFileReader } from './linux-proc-file';
import type { ProcNetReader } from './linux-proc-net-reader';
import type { NetnsFingerprint } from './netns-fingerprint';
import { readNetnsFingerprint } from './netns-fingerprint';
import type { TimerClock } from './timer-clock';

/** One namespace as netns-tables keeps it between ticks. */
export interface Space {
  info: Netns;
  /** Container addresses from the runtime's state (docker), for published ports. */
  addresses: string[];
  members: number[];
  files: ProcFileReader;
  reader: ProcNetReader;
  /** performance.now() of the last label read (a container's name may appear after it starts). */
  labelledAt: number;
  clock: TimerClock;
  /** The last full read: its counters' key, when (performance.now()), its rows after owners. */
  last: { key: string; at: number; rows: readonly Socket[] } | null;
  /** This tick: the key of a full read (null: no usable counters), or 'reused'. */
  tick: string | null | 'reused';
}

/**
 * The longest a quiet namespace's rows are served without reading its tables, ms: what the
 * counters cannot show is at most this stale. Each namespace's own limit is spread over the last
 * half of it (by inode), so namespaces read at one tick do not all come due at one tick again.
 */
export const NETNS_REUSE_MAX_AGE_MS = 5_000;

/** This namespace's maximum age, within the last half of `maxAgeMs`. */
export function dueAfter(maxAgeMs: number, inode: number): number {
  return maxAgeMs * (0.5 + (Math.imul(inode, 0x9e3779b1) >>> 22) / 2048);
}

const EMPTY = new Uint8Array(0);
const NONE: ReadonlySet<ProcNetTable> = new Set();

function readText(files: ProcFileReader): (path: string) => string {
  return (path) => asBuffer(files(path)).toString('latin1');
}

/** The counters through one member; null (and a line) when they cannot serve, as for a full read. */
function fingerprint(dir: string, space: Space, errors: string[]): NetnsFingerprint | null {
  try {
    const print = readNetnsFingerprint(readText(space.files), dir);
    if (!('error' in print)) return print;
    errors.push(`${space.info.label}: change counters unusable (${print.error}); its tables are read in full`);
  } catch {
    // The member exited, or hides its counters: the table read below decides.
  }
  return null;
}

/** What readSpace did: the rows, whether they were reused, how many tables it read. */
export interface SpaceRead {
  rows: readonly Socket[];
  tables: number;
}

/** Reads the tables through one member; null when that member's tables cannot be read. */
function readThrough(
  dir: string,
  space: Space,
  empty: ReadonlySet<ProcNetTable>,
  errors: string[],
  timers: boolean,
): SpaceRead | null {
  let rows: Socket[] = [];
  let tables = 0;
  for (const table of PROC_NET_TABLES) {
    let buf: Uint8Array = EMPTY;
    const readAt = Date.now();
    const started = performance.now();
    if (!empty.has(table)) {
      try {
        buf = space.files(`${dir}/${table}`);
        tables++;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (table.endsWith('6') && code === 'ENOENT') continue;
        return null;
      }
    }
    const clock = timers ? space.clock.at(table, readAt, performance.now() - started) : undefined;
    const result = space.reader.read(buf, table, clock);
    rows = rows.length === 0 ? result.sockets : rows.concat(result.sockets);
    if (result.firstError !== null)
      errors.push(`${space.info.label}: ${result.skipped} malformed row(s) skipped; first: ${result.firstError}`);
  }
  return { rows, tables };
}

/**
 * One namespace's rows through its members, the first that can be read: its last rows when its
 * counters have not moved since a full read younger than `maxAgeMs`, else its four tables.
 */
export function readSpace(
  root: string,
  space: Space,
  errors: string[],
  now: number,
  opts: { maxAgeMs: number; timers: boolean },
): SpaceRead | null {
  for (const pid of space.members) {
    const dir = `${root}/${pid}/net`;
    const print = fingerprint(dir, space, errors);
    const last = space.last;
    if (
      print !== null &&
      last !== null &&
      last.key === print.key &&
      now - last.at < dueAfter(opts.maxAgeMs, space.info.inode)
    ) {
      space.tick = 'reused';
      return { rows: last.rows, tables: 0 };
    }
    const read = readThrough(dir, space, print?.empty ?? NONE, errors, opts.timers);
    if (read !== null) {
      space.tick = print?.key ?? null;
      return read;
    }
    // The member exited or hid its tables mid-read: the reader starts over with the next one.
    space.reader.commit([]);
  }
  errors.push(`${space.info.label}: socket tables unreadable through any of its ${space.members.length} process(es)`);
  return null;
}
