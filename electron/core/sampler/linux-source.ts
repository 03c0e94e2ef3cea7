/**
 * The Linux fast path: the four /proc/net socket tables read straight into Socket rows, the
 * kernel counters, and owners from the incremental resolver, all in one synchronous pass so the
 * sample's duration is what it costs. A proc root option points it at a recorded tree for tests.
 */
import type { Socket } from '../../../shared/model';
import type { OwnerResolver, OwnerResolverOptions } from '../owners/owner-resolver';
import { createOwnerResolver } from '../owners/owner-resolver';
import { listPids } from '../owners/proc-fd';
import { clockTicksPerSecond } from '../owners/sysconf';
import { readEphemeralRange } from './ephemeral-range';
import { readKernelCounters } from './linux-counters';
import type { ProcNetTable } from './linux-proc-net-parse';
import { PROC_NET_TABLES } from './linux-proc-net-parse';
import type { ProcFileReader } from './linux-proc-file';
import { createProcFileReader } from './linux-proc-file';
import type { ProcNetReader } from './linux-proc-net-reader';
import { createProcNetReader } from './linux-proc-net-reader';
import type { NamespaceTables } from './netns-tables';
import { createNamespaceTables } from './netns-tables';
import { createPublishedCache, markPublished } from './published-ports';
import type { TimerClock } from './timer-clock';
import { timerClock } from './timer-clock';
import type { NetnsTiming, RawSample, SocketSource } from './types';

/** Knobs for tests and the benchmark; the defaults read this machine. */
export interface LinuxSourceOptions {
  /** Root of the proc tree (default '/proc'): net tables, counters and the process table. */
  procRoot?: string;
  /** Clock ticks per second for the timer column (default `getconf CLK_TCK`). */
  clkTck?: number;
  /** Resolve owners (default true); false gives the bare parse, for comparison. */
  owners?: boolean;
  /**
   * Give running timers an absolute expiry and keep a row whose timer only counts down as the same
   * row (default true); false reads timers as printed, every tick (the pure parse).
   */
  timerExpiry?: boolean;
  /** Rescan and retry intervals of the owner resolver (see OwnerResolverOptions). */
  resolver?: Omit<OwnerResolverOptions, 'procRoot'>;
  /**
   * Read the tables of every other network namespace a process is in (containers, `ip netns`),
   * default true; false reads Ephemera's own namespace only.
   */
  namespaces?: boolean;
  /** Where `ip netns` names live (default /run/netns), for tests. */
  runNetns?: string;
  /** How long another namespace's rows are reused while its counters stand still, ms (see netns-tables). */
  namespaceMaxAgeMs?: number;
}

/** At most this many problem lines per sample; the rest are counted in the last line. */
const MAX_ERRORS = 8;

/** Time spent in the kernel's read calls this sample, ms (the benchmark splits CPU with it). */
let readMsThisSample = 0;
/** How long the latest table read took, ms: a timer in it was printed somewhere in that span. */
let lastTableReadMs = 0;

function errorCode(error: unknown): string {
  const e = error as NodeJS.ErrnoException | null;
  return e?.code ?? e?.message ?? String(error);
}

/** Reads one table; null (and a line in `errors`) when it cannot be read. */
function readTable(root: string, table: ProcNetTable, files: ProcFileReader, errors: string[]): Uint8Array | null {
  const started = performance.now();
  try {
    return files(`${root}/net/${table}`);
  } catch (error) {
    // Without IPv6 (ipv6.disable=1) the *6 tables do not exist: nothing is missing then.
    if (!(table.endsWith('6') && errorCode(error) === 'ENOENT')) {
      errors.push(`${root}/net/${table} unreadable: ${errorCode(error)}`);
    }
    return null;
  } finally {
    lastTableReadMs = performance.now() - started;
    readMsThisSample += lastTableReadMs;
  }
}

function bounded(errors: string[]): string[] {
  if (errors.length <= MAX_ERRORS) return errors;
  const kept = errors.slice(0, MAX_ERRORS - 1);
  kept.push(`and ${errors.length - kept.length} more problem(s)`);
  return kept;
}

/** The socket tables as rows (owner null), with skipped-row counts summarized into `errors`. */
function readTables(
  root: string,
  files: ProcFileReader,
  reader: ProcNetReader,
  errors: string[],
  clock: TimerClock | null,
): { sockets: Socket[]; skipped: number } {
  let sockets: Socket[] = [];
  let skipped = 0;
  for (const table of PROC_NET_TABLES) {
    const readAt = Date.now();
    const buf = readTable(root, table, files, errors);
    if (buf === null) continue;
    const result = reader.read(buf, table, clock?.at(table, readAt, lastTableReadMs));
    sockets = sockets.length === 0 ? result.sockets : sockets.concat(result.sockets);
    skipped += result.skipped;
    if (result.firstError !== null) errors.push(`${result.skipped} malformed row(s) skipped; first: ${result.firstError}`);
  }
  return { sockets, skipped };
}

/**
 * A SocketSource over /proc. One instance keeps the owner cache and the row cache between
 * samples, so the first sample pays for a full fd scan and for building every row, later ones
 * only for what changed. Rows that did not change are the same (immutable) objects as before.
 */
export function createLinuxSource(options: LinuxSourceOptions = {}): SocketSource {
  const root = options.procRoot ?? '/proc';
  const clkTck = options.clkTck ?? clockTicksPerSecond();
  const newResolver = (): OwnerResolver | null =>
    options.owners === false ? null : createOwnerResolver({ ...options.resolver, procRoot: root });
  let resolver = newResolver();
  let reader = createProcNetReader({ clkTck });
  const files = createProcFileReader();
  const newSpaces = (): NamespaceTables | null =>
    options.namespaces === false
      ? null
      : createNamespaceTables({
          procRoot: root,
          clkTck,
          runNetns: options.runNetns,
          timerExpiry: options.timerExpiry,
          maxAgeMs: options.namespaceMaxAgeMs,
        });
  let spaces = newSpaces();
  const published = createPublishedCache();
  const clock = timerClock();

  return {
    name: 'linux-procfs',
    async sample(): Promise<RawSample> {
      const time = Date.now();
      const started = performance.now();
      const errors: string[] = [];
      readMsThisSample = 0;
      const own = readTables(root, files, reader, errors, options.timerExpiry === false ? null : clock);
      const { skipped } = own;
      let sockets = own.sockets;
      const hostRows = sockets.length;
      // One listing of the process table per tick serves the namespaces and the owner resolver.
      const pids = spaces !== null || resolver !== null ? listPids(root) : [];
      let netns: NetnsTiming | undefined;
      if (spaces !== null) {
        const other = spaces.read(pids, errors);
        if (other.sockets.length > 0) sockets = sockets.concat(other.sockets);
        netns = { namespaces: other.namespaces, reused: other.reused, tables: other.tablesRead };
      }
      const countersAt = performance.now();
      const counters = readKernelCounters(root);
      readMsThisSample += performance.now() - countersAt;
      if (typeof counters === 'string') errors.push(counters);
      const ownersAt = performance.now();
      const owners = resolver?.resolve(sockets, pids) ?? null;
      const ownersMs = performance.now() - ownersAt;
      if (owners?.message != null) errors.push(owners.message);
      if (spaces !== null) {
        markPublished(root, sockets, hostRows, spaces, published);
        spaces.commit(sockets.slice(hostRows));
      }
      reader.commit(hostRows === sockets.length ? sockets : sockets.slice(0, hostRows));
      return {
        timing: { readMs: readMsThisSample, ownersMs, ...(netns === undefined ? {} : { netns }) },
        time,
        sockets,
        counters: typeof counters === 'string' ? null : counters,
        skipped,
        errors: bounded(errors),
        durationMs: performance.now() - started,
        unreadable: owners?.unreadable ?? [],
      };
    },
    ephemeralRange: () => readEphemeralRange('linux'),
    // Drops the caches; a later sample starts cold again.
    close() {
      resolver = newResolver();
      reader = createProcNetReader({ clkTck });
      spaces = newSpaces();
      published.clear();
    },
  };
}
