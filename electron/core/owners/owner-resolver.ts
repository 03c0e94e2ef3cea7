/**
 * Maps socket inodes to owning processes, incrementally. Reading every process's fd table costs
 * one readlink per fd, so the resolver remembers what it learned and scans only when the table
 * holds inodes without an owner. A scan reads a process only on evidence that it may hold one
 * (see scanProcesses): its fd count (st_size of /proc/<pid>/fd) changed, or an inode it held
 * left the table (a close then an open keeps the count), or, for a socket never searched for,
 * the process runs as the socket's uid. Processes are keyed by pid + start time, so a reused pid
 * never inherits the old process's sockets. Inodes it cannot attribute (another user's process,
 * a kernel socket) are remembered as unknown and looked for again only on such evidence, never
 * by re-reading every process on every tick.
 */
import type { Owner, Socket } from '../../../shared/model';
import type { UnreadableProcess } from '../../../shared/owner-coverage';
import type { InodeEntry, OwnerCache } from './owner-cache';
import { NO_HOLDERS, createOwnerCache, prune, sameOwner } from './owner-cache';
import type { ScanResult } from './owner-scan';
import { scanProcesses, validateOwners } from './owner-scan';
import { listPids } from './proc-fd';

/** Where to find the process table; a recorded tree works as well as the real /proc. */
export interface OwnerResolverOptions {
  procRoot?: string;
  /**
   * Where the kernel counts fds, a process without evidence of a change is not re-read. The
   * evidence can miss a socket held by a process of another uid at an unchanged count (or while
   * a fruitless uid search is held back): new sockets left unfound after the targeted reads make
   * the resolver re-read every process, at most this often (ms). Default 10,000; 0: every time.
   */
  fullRescanMs?: number;
  /**
   * Inodes searched for and not found are looked for again in processes with evidence of a
   * change, at most this often (ms). A search of one uid's processes that leaves sockets of that
   * uid unfound is not repeated sooner either. Default 5,000; 0: on every pass.
   */
  unknownRetryMs?: number;
  /** The uid the resolver reads /proc as (default: this process's effective uid at each pass); 0 is root. */
  uid?: number;
  /**
   * Sockets already owned can gain holders without a new inode in the table: a new process (a
   * fork) is read at once, and the fd counts of all are looked at this often (ms) for a socket
   * passed over a unix socket. Default 2,000.
   */
  holderRefreshMs?: number;
}

/** How many unreadable processes a report lists. */
const UNREADABLE_LIMIT = 20;

/** What one resolve pass did, for the sample's status and the benchmark. */
export interface ResolveReport {
  /** Rows with an inode but no owner after this pass. */
  unattributed: number;
  /** Processes whose fd tables were denied to this user, as last seen. */
  deniedProcesses: number;
  /** Processes whose fd tables were read in this pass. */
  scannedProcesses: number;
  /**
   * Denied processes that may hold this user's sockets (as root: all; otherwise those whose fd
   * directory is this user's or root's, a non-dumpable process of this user), at most 20.
   */
  unreadable: UnreadableProcess[];
  /** At most one summarized message (permission denied), only when it is news. */
  message: string | null;
}

/**
 * Fills in the owners of a sample's sockets. Socket objects are never changed: a row whose owner
 * differs is replaced in the array by a copy (sockets may be shared with the previous sample).
 */
export interface OwnerResolver {
  /** `pids`: this tick's listing of the proc root, when the caller already has it. */
  resolve(sockets: Socket[], pids?: readonly number[]): ResolveReport;
  /** Forgets every cached owner and process. */
  clear(): void;
}

/** Whether a row already carries these holders (`owners` is set only when there are several). */
function sameHolders(s: Socket, owner: Owner | null, holders: readonly Owner[]): boolean {
  if (!sameOwner(s.owner, owner)) return false;
  return holders.length < 2 ? s.owners === undefined : s.owners === holders;
}

/** A copy of a row with new holders: `owner` the first, `owners` all of them when several. */
function withHolders(s: Socket, owner: Owner | null, holders: readonly Owner[]): Socket {
  const { owners: _old, ...rest } = s;
  return holders.length < 2 ? { ...rest, owner } : { ...rest, owner, owners: holders as Owner[] };
}

/**
 * Last pass's rows as they were settled, and their inodes' entries, by index. The row reader gives
 * an unchanged row back as the same object, mostly at the same index: while no inode's holders
 * changed since, such a row carries its owner already and its entry is known without a look-up.
 */
interface RowMemo {
  rows: Socket[];
  entries: Array<InodeEntry | undefined>;
  /** cache.holderChanges when the rows were settled. */
  changes: number;
}

const emptyMemo = (): RowMemo => ({ rows: [], entries: [], changes: -1 });

/** The entry of row `s` (at index `i`) from last pass's memo, or a look-up (a new entry for a new inode). */
function entryOf(cache: OwnerCache, memo: RowMemo, carried: boolean, s: Socket, i: number): { entry: InodeEntry; carried: boolean } {
  const known = carried && s === memo.rows[i] ? memo.entries[i] : undefined;
  if (known !== undefined) return { entry: known, carried: true };
  let entry = cache.inodes.get(s.inode);
  // Missing from the last table: that socket closed, and this is a new one with its number.
  if (entry === undefined || entry.seen < cache.pass - 1) {
    entry = { owner: null, holders: NO_HOLDERS, state: 'new', orphanSince: 0, seen: -1, uid: s.uid ?? -1 };
    cache.inodes.set(s.inode, entry);
  }
  return { entry, carried: false };
}

/**
 * Marks each table inode seen; gives rows their cached owner; lists the inodes to search for.
 * `entries` gets each row's entry, for the next pass's memo.
 */
function lookup(
  cache: OwnerCache,
  sockets: Socket[],
  memo: RowMemo,
  entries: Array<InodeEntry | undefined>,
): { live: number; unknown: number; searched: number[] } {
  let live = 0;
  let unknown = 0;
  const searched: number[] = [];
  const carried = memo.changes === cache.holderChanges;
  entries.length = sockets.length;
  for (let i = 0; i < sockets.length; i++) {
    const s = sockets[i];
    if (s === undefined || s.inode === 0) {
      entries[i] = undefined;
      continue;
    }
    const found = entryOf(cache, memo, carried, s, i);
    const entry = found.entry;
    entries[i] = entry;
    if (entry.seen !== cache.pass) {
      entry.seen = cache.pass;
      live++;
    }
    if (!found.carried && !sameHolders(s, entry.owner, entry.holders)) sockets[i] = withHolders(s, entry.owner, entry.holders);
    if (entry.owner !== null) continue;
    unknown++;
    if (entry.state === 'new' || entry.state === 'orphan') searched.push(s.inode);
  }
  return { live, unknown, searched };
}

/** After a scan: rows take their new owners; what is still not found counts as searched. Returns the rows left without owner. */
function settle(cache: OwnerCache, sockets: Socket[], searched: number[], scan: ScanResult): number {
  for (const inode of searched) {
    const entry = cache.inodes.get(inode);
    if (entry === undefined || entry.owner !== null) continue;
    // An orphan stays searched for until a full scan has looked for it; a new inode until the
    // processes of its uid have been looked at.
    if (scan.full || (entry.state === 'new' && !scan.deferredUids.has(entry.uid))) entry.state = 'unknown';
  }
  let unattributed = 0;
  for (let i = 0; i < sockets.length; i++) {
    const s = sockets[i];
    if (s === undefined || s.inode === 0) continue;
    const entry = cache.inodes.get(s.inode);
    const owner = entry?.owner ?? null;
    const holders = entry?.holders ?? NO_HOLDERS;
    if (owner === null) unattributed++;
    if (!sameHolders(s, owner, holders)) sockets[i] = withHolders(s, owner, holders);
  }
  return unattributed;
}

/** Keeps this pass's settled rows and their entries for the next pass. */
function remember(memo: RowMemo, sockets: readonly Socket[], entries: Array<InodeEntry | undefined>, changes: number): Array<InodeEntry | undefined> {
  const spare = memo.entries;
  memo.rows.length = sockets.length;
  for (let i = 0; i < sockets.length; i++) memo.rows[i] = sockets[i] as Socket;
  memo.entries = entries;
  memo.changes = changes;
  return spare;
}

/** The error line for denied fd tables; `asRoot` lists them, for a root that was refused anyway. */
function deniedMessage(unattributed: number, denied: number, asRoot: UnreadableProcess[] | null): string {
  if (asRoot === null) {
    return (
      `owner unknown for ${unattributed} socket(s): permission denied reading the fds of ` +
      `${denied} process(es) of other users (normal without root)`
    );
  }
  const named = asRoot.slice(0, 5).map((p) => `${p.name} (pid ${p.pid})`);
  return `owner unknown for ${unattributed} socket(s): even root was refused the fds of ${denied} process(es): ${named.join(', ')}`;
}

/** Creates a resolver with empty caches; the first resolve is the cold (full) scan. */
export function createOwnerResolver(options: OwnerResolverOptions = {}): OwnerResolver {
  const fullRescanMs = options.fullRescanMs ?? 10_000;
  const unknownRetryMs = options.unknownRetryMs ?? 5_000;
  const holderRefreshMs = options.holderRefreshMs ?? 2_000;
  let lastRetry = Number.NEGATIVE_INFINITY;
  let cache = createOwnerCache(options.procRoot ?? '/proc');
  let lastFullScan = Number.NEGATIVE_INFINITY;
  let lastHolderScan = Number.NEGATIVE_INFINITY;
  let reportedDenied = 0;
  let memo = emptyMemo();
  let spareEntries: Array<InodeEntry | undefined> = [];

  function report(unattributed: number, scanned: number): ResolveReport {
    const uid = options.uid ?? process.geteuid?.() ?? -1;
    let deniedProcesses = 0;
    const unreadable: UnreadableProcess[] = [];
    for (const proc of cache.procs.values()) {
      if (!proc.denied) continue;
      deniedProcesses++;
      const mine = uid === 0 || proc.fdUid === uid || proc.fdUid === 0;
      if (mine && unreadable.length < UNREADABLE_LIMIT) unreadable.push({ pid: proc.owner.pid, name: proc.owner.name });
    }
    const message = deniedProcesses > reportedDenied ? deniedMessage(unattributed, deniedProcesses, uid === 0 ? unreadable : null) : null;
    reportedDenied = Math.max(reportedDenied, deniedProcesses);
    return { unattributed, deniedProcesses, scannedProcesses: scanned, unreadable, message };
  }

  function resolve(sockets: Socket[], listed?: readonly number[]): ResolveReport {
    cache.pass++;
    validateOwners(cache);
    const entries = spareEntries;
    const { live, unknown, searched } = lookup(cache, sockets, memo, entries);
    let unattributed = unknown;
    let scanned = 0;
    const now = performance.now();
    // New or orphaned inodes: look now. Known unknowns: now and then (a stat per process).
    const retrying = unknown > 0 && now - lastRetry >= unknownRetryMs;
    // A new process (a fork inherits its parent's sockets) or, now and then, changed fd counts
    // (a socket passed over a unix socket): more holders of sockets already owned.
    const pids = listed ?? listPids(cache.root);
    const holdersDue = now - lastHolderScan >= holderRefreshMs || pids.some((pid) => !cache.listed.has(pid));
    if (searched.length > 0 || retrying || holdersDue) {
      if (searched.length > 0 || retrying) lastRetry = now;
      lastHolderScan = now;
      const result = scanProcesses(cache, searched, pids, {
        fullScanDue: now - lastFullScan >= fullRescanMs,
        retrying,
        now,
        uidRetryMs: unknownRetryMs,
      });
      if (result.full) lastFullScan = now;
      scanned = result.scanned;
      if (scanned > 0 || searched.length > 0) unattributed = settle(cache, sockets, searched, result);
    }
    prune(cache, live);
    spareEntries = remember(memo, sockets, entries, cache.holderChanges);
    return report(unattributed, scanned);
  }

  return {
    resolve,
    clear() {
      cache = createOwnerCache(cache.root);
      memo = emptyMemo();
      lastFullScan = Number.NEGATIVE_INFINITY;
      lastHolderScan = Number.NEGATIVE_INFINITY;
      lastRetry = Number.NEGATIVE_INFINITY;
      reportedDenied = 0;
    },
  };
}
