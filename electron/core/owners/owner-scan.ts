/**
 * The owner resolver's scans of the process table. Reading a process's fds costs one readlink
 * per fd, so a scan reads first only the processes that are new or whose fd count changed
 * (pass 1), and everything else only when an inode is still searched for and it is worth it
 * (pass 2): see scanProcesses.
 */
import type { Owner } from '../../../shared/model';
import type { OwnerCache } from './owner-cache';
import { adopt, evict, sameOwner } from './owner-cache';
import { fdDirSize, listPids, readSocketInodes, readStat } from './proc-fd';

/** Re-reads the start time of each owning process; forgets those that exited or were replaced. */
export function validateOwners(cache: OwnerCache): void {
  for (const [pid, proc] of cache.procs) {
    if (proc.inodes.length === 0) continue;
    const stat = readStat(cache.root, pid);
    if (typeof stat === 'string' ? stat === 'gone' : stat.startTime !== proc.owner.startTime) evict(cache, pid);
  }
}

/** Reads one process's fds and attributes the inodes of this pass's table that it holds. */
function scanProcess(cache: OwnerCache, pid: number, fdSize: number): void {
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
  const fresh: Owner = { pid, startTime: before.startTime, name: before.comm };
  // Keep the same Owner object while nothing about it changed: rows compare owners cheaply.
  const owner = previous !== undefined && sameOwner(previous.owner, fresh) ? previous.owner : fresh;
  if (failure !== null) {
    cache.procs.set(pid, { owner, fdSize, denied: failure === 'denied', inodes: previous?.inodes ?? [] });
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

/** Whether pass 2 may run now for never-searched inodes; set by the caller's clock policy. */
export interface ScanPolicy {
  /** True when enough time passed since the last full scan (fullRescanMs). */
  fullScanDue: boolean;
}

/**
 * Pass 1 reads the processes that are new or whose fd count changed. Pass 2 reads the unchanged
 * ones too, while something of `searched` is left to find: a confirmed orphan at once; a never-searched inode
 * where fd counts say nothing (old kernels), or when the policy says a full scan is due.
 * Returns the processes read and whether the scan covered every process.
 */
export function scanProcesses(
  cache: OwnerCache,
  searched: readonly number[],
  policy: ScanPolicy,
): { scanned: number; full: boolean } {
  const pids = listPids(cache.root);
  const present = new Set(pids);
  for (const pid of cache.procs.keys()) if (!present.has(pid)) evict(cache, pid);
  const sizes = pids.map((pid) => fdDirSize(cache.root, pid));
  // An empty fd table is a count of 0 only where the kernel counts fds at all.
  const counted = sizes.some((size) => typeof size === 'number' && size > 0);
  const unchanged: number[] = [];
  let scanned = 0;
  pids.forEach((pid, i) => {
    const size = sizes[i];
    if (typeof size !== 'number') return;
    const known = cache.procs.get(pid);
    if (known !== undefined && counted && size === known.fdSize) {
      if (!known.denied) unchanged.push(pid);
      return;
    }
    scanProcess(cache, pid, size);
    scanned++;
  });
  if (unchanged.length === 0) return { scanned, full: true };
  const left = leftToFind(cache, searched);
  const full = left.orphan || (left.fresh && (!counted || policy.fullScanDue));
  if (full) for (const pid of unchanged) scanProcess(cache, pid, cache.procs.get(pid)?.fdSize ?? 0);
  return { scanned: scanned + (full ? unchanged.length : 0), full };
}
