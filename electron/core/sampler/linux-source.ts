/**
 * The Linux fast path: the four /proc/net socket tables read straight into Socket rows, the
 * kernel counters, and owners from the incremental resolver, all in one synchronous pass so the
 * sample's duration is what it costs. A proc root option points it at a recorded tree for tests.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from '../../../shared/model';
import type { OwnerResolver } from '../owners/owner-resolver';
import { createOwnerResolver } from '../owners/owner-resolver';
import { clockTicksPerSecond } from '../owners/sysconf';
import { readEphemeralRange } from './ephemeral-range';
import { readKernelCounters } from './linux-counters';
import type { ProcNetTable } from './linux-proc-net-parse';
import { PROC_NET_TABLES, parseProcNet } from './linux-proc-net-parse';
import type { RawSample, SocketSource } from './types';

/** Knobs for tests and the benchmark; the defaults read this machine. */
export interface LinuxSourceOptions {
  /** Root of the proc tree (default '/proc'): net tables, counters and the process table. */
  procRoot?: string;
  /** Clock ticks per second for the timer column (default `getconf CLK_TCK`). */
  clkTck?: number;
  /** Resolve owners (default true); false gives the bare parse, for comparison. */
  owners?: boolean;
}

/** At most this many problem lines per sample; the rest are counted in the last line. */
const MAX_ERRORS = 8;

function errorCode(error: unknown): string {
  const e = error as NodeJS.ErrnoException | null;
  return e?.code ?? e?.message ?? String(error);
}

/** Reads one table; null (and a line in `errors`) when it cannot be read. */
function readTable(root: string, table: ProcNetTable, errors: string[]): Buffer | null {
  try {
    return readFileSync(`${root}/net/${table}`);
  } catch (error) {
    // Without IPv6 (ipv6.disable=1) the *6 tables do not exist: nothing is missing then.
    if (!(table.endsWith('6') && errorCode(error) === 'ENOENT')) {
      errors.push(`${root}/net/${table} unreadable: ${errorCode(error)}`);
    }
    return null;
  }
}

function bounded(errors: string[]): string[] {
  if (errors.length <= MAX_ERRORS) return errors;
  const kept = errors.slice(0, MAX_ERRORS - 1);
  kept.push(`and ${errors.length - kept.length} more problem(s)`);
  return kept;
}

/** The socket tables as rows (owner null), with skipped-row counts summarized into `errors`. */
function readTables(root: string, clkTck: number, errors: string[]): { sockets: Socket[]; skipped: number } {
  let sockets: Socket[] = [];
  let skipped = 0;
  for (const table of PROC_NET_TABLES) {
    const buf = readTable(root, table, errors);
    if (buf === null) continue;
    const result = parseProcNet(buf, table, { clkTck });
    sockets = sockets.length === 0 ? result.sockets : sockets.concat(result.sockets);
    skipped += result.skipped;
    if (result.firstError !== null) errors.push(`${result.skipped} malformed row(s) skipped; first: ${result.firstError}`);
  }
  return { sockets, skipped };
}

/**
 * A SocketSource over /proc. One instance keeps the owner cache between samples, so the first
 * sample pays for a full fd scan and later ones only for what changed.
 */
export function createLinuxSource(options: LinuxSourceOptions = {}): SocketSource {
  const root = options.procRoot ?? '/proc';
  const clkTck = options.clkTck ?? clockTicksPerSecond();
  let resolver: OwnerResolver | null = options.owners === false ? null : createOwnerResolver({ procRoot: root });

  return {
    name: 'linux-procfs',
    async sample(): Promise<RawSample> {
      const time = Date.now();
      const started = performance.now();
      const errors: string[] = [];
      const { sockets, skipped } = readTables(root, clkTck, errors);
      const counters = readKernelCounters(root);
      if (typeof counters === 'string') errors.push(counters);
      const message = resolver?.resolve(sockets).message ?? null;
      if (message !== null) errors.push(message);
      return {
        time,
        sockets,
        counters: typeof counters === 'string' ? null : counters,
        skipped,
        errors: bounded(errors),
        durationMs: performance.now() - started,
      };
    },
    ephemeralRange: () => readEphemeralRange('linux'),
    close() {
      resolver?.clear();
      resolver = null;
    },
  };
}
