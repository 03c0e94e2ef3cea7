/**
 * The owner resolver's memory: which process owns which socket inode, and what was last seen of
 * each process. Kept apart from the scanning so the rules for taking and letting go of an inode
 * (pid + start time; a socket shared by several processes lists every holder, the earliest
 * started first) live in one place.
 */
import type { Owner } from '../../../shared/model';

/**
 * Where an inode stands: 'owned'; 'new', not yet searched for among the processes of its uid;
 * 'orphan', its owner exited or closed it while the socket lives on (a process sharing it still
 * holds it); 'unknown', searched for and not found (another user's process, a kernel socket, a
 * process outside this pid namespace).
 */
export type InodeState = 'owned' | 'new' | 'orphan' | 'unknown';

/** What the resolver knows of one socket inode. */
export interface InodeEntry {
  /** The first of `holders`, or null when none is known. */
  owner: Owner | null;
  /**
   * Every process known to hold the socket (fork, fd passing), earliest started first. A new
   * array on every change, so rows can tell by identity whether their holders moved.
   */
  holders: readonly Owner[];
  state: InodeState;
  /** Pass in which it became an orphan. */
  orphanSince: number;
  /** Pass in which it was last in the socket table. */
  seen: number;
  /** The socket's uid from the table (-1 when the table has none): whose processes to search. */
  uid: number;
}

/** What the resolver knows of one process. */
export interface ProcEntry {
  owner: Owner;
  /** st_size of its fd directory at the last scan (the fd count on kernels ≥ 6.2). */
  fdSize: number;
  denied: boolean;
  /** Owner uid of its fd directory (root for a non-dumpable process); -1 when not stat'ed. */
  fdUid?: number;
  /** Inodes it owned when last read; one gone from the table since shows its fds changed. */
  inodes: number[];
}

/** The shared state of one resolver. */
export interface OwnerCache {
  root: string;
  inodes: Map<number, InodeEntry>;
  procs: Map<number, ProcEntry>;
  /** Counts resolve passes (one per sample). */
  pass: number;
  /** When (performance.now) a search of one uid's unchanged processes last left inodes unfound. */
  uidMisses: Map<number, number>;
  /** The pids listed at the last scan: a pid not among them is a new process to read. */
  listed: ReadonlySet<number>;
  /** Counts changes of any inode's holders: rows settled at one count still carry theirs. */
  holderChanges: number;
}

/** An empty cache over a proc root. */
export function createOwnerCache(root: string): OwnerCache {
  return { root, inodes: new Map(), procs: new Map(), pass: 0, uidMisses: new Map(), listed: new Set(), holderChanges: 0 };
}

/** Same process and name: rows can then keep the Owner object they have. */
export function sameOwner(a: Owner | null, b: Owner | null): boolean {
  if (a === b) return true;
  return (
    a !== null && b !== null && a.pid === b.pid && a.startTime === b.startTime && a.name === b.name && a.ppid === b.ppid
  );
}

/** No holders: shared by every entry without one. */
export const NO_HOLDERS: readonly Owner[] = Object.freeze([]);

/** Earliest started first (a master before the workers it forked), then by pid. */
function byStart(a: Owner, b: Owner): number {
  return a.startTime - b.startTime || a.pid - b.pid;
}

/** Sets an inode's holders; its owner is the first. */
function setHolders(entry: InodeEntry, holders: readonly Owner[]): void {
  entry.holders = holders.length === 0 ? NO_HOLDERS : holders;
  entry.owner = holders[0] ?? null;
}

/** Lets go of an inode that `pid` no longer holds; another holder, if any, becomes the owner. */
export function detach(cache: OwnerCache, inode: number, pid: number): void {
  const entry = cache.inodes.get(inode);
  if (entry === undefined || !entry.holders.some((h) => h.pid === pid)) return;
  cache.holderChanges++;
  setHolders(
    entry,
    entry.holders.filter((h) => h.pid !== pid),
  );
  if (entry.owner !== null) return;
  entry.state = 'orphan';
  entry.orphanSince = cache.pass;
}

/** Adds (or refreshes) `owner` among an inode's holders; false when it was there already. */
function hold(entry: InodeEntry, owner: Owner): boolean {
  const i = entry.holders.findIndex((h) => h.pid === owner.pid);
  if (i >= 0 && entry.holders[i] === owner) return false;
  const next = entry.holders.filter((h) => h.pid !== owner.pid);
  next.push(owner);
  if (next.length > 1) next.sort(byStart);
  setHolders(entry, next);
  return true;
}

/** Forgets a process (it exited, or its pid now names another one) and lets go of its inodes. */
export function evict(cache: OwnerCache, pid: number): void {
  for (const inode of cache.procs.get(pid)?.inodes ?? []) detach(cache, inode, pid);
  cache.procs.delete(pid);
}

/** Records a process's scan: it owns the table inodes it holds, and lets go of those it closed. */
export function adopt(cache: OwnerCache, owner: Owner, fdSize: number, held: number[]): void {
  const previous = cache.procs.get(owner.pid)?.inodes ?? [];
  const holding = new Set(held);
  for (const inode of previous) if (!holding.has(inode)) detach(cache, inode, owner.pid);
  const owned: number[] = [];
  for (const inode of held) {
    const entry = cache.inodes.get(inode);
    if (entry === undefined) continue;
    // A socket shared by several processes (fork, fd passing) lists every one of them.
    if (hold(entry, owner)) cache.holderChanges++;
    entry.state = 'owned';
    owned.push(inode);
  }
  cache.procs.set(owner.pid, { owner, fdSize, denied: false, inodes: owned });
}

/**
 * Forgets inodes that were not in this pass's table, in bulk once they are a good share of the
 * map (a row that comes back after a gap is treated as new by the lookup anyway).
 */
export function prune(cache: OwnerCache, live: number): void {
  if (cache.inodes.size <= 2 * live + 1024) return;
  for (const [inode, entry] of cache.inodes) if (entry.seen !== cache.pass) cache.inodes.delete(inode);
}
