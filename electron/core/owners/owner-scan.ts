/**
 * The owner resolver's scans of the process table. Reading a process's fds costs one readlink
 * per fd, so a scan reads a process only on evidence that it may hold a searched-for inode, most
 * telling first, and stops widening the search once nothing is left to find: see scanProcesses.
 */
import type { Owner } from '../../../shared/model';
import type { OwnerCache } from './owner-cache';
import { adopt, evict, sameOwner } from './owner-cache';
import type { FdDirStat } from './proc-fd';
import { fdDirStat, readSocketInodes, readStat } from './proc-fd';

/** Re-reads the start time of each owning process; forgets those that exited or were replaced. */
export function validateOwners(cache: OwnerCache): void {
  for (const [pid, proc] of cache.procs) {
    if (proc.inodes.length === 0) continue;
    const stat = readStat(cache.root, pid);
    if (typeof stat === 'string' ? stat === 'gone' : stat.startTime !== proc.owner.startTime) evict(cache, pid);
  }
}

/** Reads one process's fds and attributes the inodes of this pass's table that it holds. */
function scanProcess(cache: OwnerCache, pid: number, fd: FdDirStat): void {
  const fdSize = fd.size;
  const before = readStat(cache.root, pid);
  if (before === 'gone') evict(cache, pid);
  if (typeof before === 'string') return;
  let previous = cache.procs.get(pid);
  if (previous !== undefined && previous.owner.startTime !== before.startTime) {
    evict(cache, pid);
    previous = undefined;
  }
  const held: number[] = [];
  const failure = readSocketInodes(cache.root, pid, (inode) => {
    if (cache.inodes.get(inode)?.seen === cache.pass) held.push(inode);
  });
  if (failure === 'gone') return evict(cache, pid);
  const fresh: Owner = { pid, startTime: before.startTime, name: before.comm, ppid: before.ppid, basis: 'exact' };
  // Keep the same Owner object while nothing about it changed: rows compare owners cheaply.
  const owner = previous !== undefined && sameOwner(previous.owner, fresh) ? previous.owner : fresh;
  if (failure !== null) {
    cache.procs.set(pid, { owner, fdSize, denied: failure === 'denied', fdUid: fd.uid, inodes: previous?.inodes ?? [] });
    return;
  }
  // The pid could have been reused while its fds were read: keep them only if it is the same process.
  const after = held.length === 0 ? before : readStat(cache.root, pid);
  if (typeof after === 'string' || after.startTime !== before.startTime) return evict(cache, pid);
  adopt(cache, owner, fdSize, held);
}

/** What is left to find among the searched-for inodes: confirmed orphans, never-searched ones. */
function leftToFind(cache: OwnerCache, searched: readonly number[]): { orphan: boolean; fresh: boolean } {
  let fresh = false;
  for (const inode of searched) {
    const entry = cache.inodes.get(inode);
    // An orphan seen again a pass later is no race with a closing socket: someone holds it.
    if (entry?.state === 'orphan' && entry.orphanSince < cache.pass) return { orphan: true, fresh };
    if (entry?.state === 'new') fresh = true;
  }
  return { orphan: false, fresh };
}

/** Whether any searched-for inode is still without an owner. */
function anyUnowned(cache: OwnerCache, searched: readonly number[]): boolean {
  for (const inode of searched) if (cache.inodes.get(inode)?.owner === null) return true;
  return false;
}

/** The uids of the never-searched inodes still without an owner. */
function unfoundUids(cache: OwnerCache, searched: readonly number[]): Set<number> {
  const uids = new Set<number>();
  for (const inode of searched) {
    const entry = cache.inodes.get(inode);
    if (entry?.state === 'new' && entry.owner === null) uids.add(entry.uid);
  }
  return uids;
}

/**
 * Whether a process held, when last read, a table inode that is no longer in the table as its
 * own. Then its fd set changed since that read, whatever its fd count says: a close followed by
 * an open keeps the count.
 */
function lostInode(cache: OwnerCache, pid: number): boolean {
  const proc = cache.procs.get(pid);
  if (proc === undefined) return false;
  for (const inode of proc.inodes) {
    const entry = cache.inodes.get(inode);
    if (entry?.seen !== cache.pass || !entry.holders.some((h) => h.pid === pid)) return true;
  }
  return false;
}

/** A process whose fd count did not change since it was last read. */
interface Unchanged {
  pid: number;
  stat: FdDirStat;
}

/** Reads the processes `pick` chooses; returns the others. */
function readWhere(
  cache: OwnerCache,
  list: Unchanged[],
  pick: (p: Unchanged) => boolean,
  count: { n: number },
): Unchanged[] {
  const rest: Unchanged[] = [];
  for (const p of list) {
    if (!pick(p)) {
      rest.push(p);
      continue;
    }
    scanProcess(cache, p.pid, p.stat);
    count.n++;
  }
  return rest;
}

/**
 * Reads the unchanged processes of the uids of never-searched inodes still unfound, except uids
 * whose last such search left inodes unfound less than `retryMs` ago: returns those (deferred).
 */
function readByUid(
  cache: OwnerCache,
  list: Unchanged[],
  searched: readonly number[],
  policy: ScanPolicy,
  count: { n: number },
): { rest: Unchanged[]; deferred: ReadonlySet<number> } {
  const wanted = unfoundUids(cache, searched);
  const deferred = new Set<number>();
  const candidates = new Set(list.map((p) => p.stat.uid));
  for (const uid of wanted) {
    const recent = policy.now - (cache.uidMisses.get(uid) ?? Number.NEGATIVE_INFINITY) < policy.uidRetryMs;
    if (recent && candidates.has(uid)) deferred.add(uid);
  }
  const read = new Set<number>();
  const rest = readWhere(
    cache,
    list,
    ({ stat }) => {
      if (!wanted.has(stat.uid) || deferred.has(stat.uid)) return false;
      read.add(stat.uid);
      return true;
    },
    count,
  );
  // Only a search that read something is worth holding back: one with no process to read is free.
  const missed = unfoundUids(cache, searched);
  for (const uid of read) {
    if (missed.has(uid)) cache.uidMisses.set(uid, policy.now);
    else cache.uidMisses.delete(uid);
  }
  return { rest, deferred };
}

/** The caller's clock policy for one scan. */
export interface ScanPolicy {
  /** True when enough time passed since the last full scan (fullRescanMs). */
  fullScanDue: boolean;
  /** Known unknowns are due their retry: read the processes with evidence of a change. */
  retrying: boolean;
  /** performance.now() of this pass. */
  now: number;
  /** How long a search of one uid's processes that left inodes unfound is not repeated. */
  uidRetryMs: number;
}

/** What a scan did. */
export interface ScanResult {
  /** Processes read. */
  scanned: number;
  /** Whether every process was read. */
  full: boolean;
  /** Uids whose processes were not searched yet (see ScanPolicy.uidRetryMs): their inodes stay new. */
  deferredUids: ReadonlySet<number>;
}

const NONE: ReadonlySet<number> = new Set();

/**
 * Reads processes in order of evidence, each step only while something of `searched` is left:
 * 1. new processes and those whose fd count changed (always);
 * 2. those that held a table inode now gone (lostInode): proof their fds changed, and the case of
 *    closing connections and then listening in one tick;
 * 3. for never-searched inodes, the processes of the socket's uid. Not proof, only where a socket
 *    is almost always held (closing a file and opening a socket also keeps the count), so a uid
 *    search that leaves inodes unfound is not repeated for that uid before uidRetryMs;
 * 4. every process: a confirmed orphan at once; a never-searched inode where fd counts say
 *    nothing (old kernels), or when the policy says a full scan is due.
 * Known unknowns (retrying) take steps 1 and 2 only: without evidence they cost nothing.
 */
export function scanProcesses(
  cache: OwnerCache,
  searched: readonly number[],
  pids: readonly number[],
  policy: ScanPolicy,
): ScanResult {
  const present = new Set(pids);
  for (const pid of cache.procs.keys()) if (!present.has(pid)) evict(cache, pid);
  const stats = pids.map((pid) => fdDirStat(cache.root, pid));
  cache.listed = present;
  // An empty fd table is a count of 0 only where the kernel counts fds at all.
  const counted = stats.some((stat) => typeof stat !== 'string' && stat.size > 0);
  let unchanged: Unchanged[] = [];
  const count = { n: 0 };
  pids.forEach((pid, i) => {
    const stat = stats[i];
    if (stat === undefined || typeof stat === 'string') return;
    const known = cache.procs.get(pid);
    if (known !== undefined && counted && stat.size === known.fdSize) {
      if (!known.denied) unchanged.push({ pid, stat });
      return;
    }
    scanProcess(cache, pid, stat);
    count.n++;
  });
  if (unchanged.length > 0 && (policy.retrying || anyUnowned(cache, searched))) {
    unchanged = readWhere(cache, unchanged, (p) => lostInode(cache, p.pid), count);
  }
  let deferred = NONE;
  if (unchanged.length > 0 && anyUnowned(cache, searched))
    ({ rest: unchanged, deferred } = readByUid(cache, unchanged, searched, policy, count));
  if (unchanged.length === 0) return { scanned: count.n, full: true, deferredUids: NONE };
  const left = leftToFind(cache, searched);
  const full = left.orphan || (left.fresh && (!counted || policy.fullScanDue));
  if (full) unchanged = readWhere(cache, unchanged, () => true, count);
  return { scanned: count.n, full, deferredUids: full ? NONE : deferred };
}
