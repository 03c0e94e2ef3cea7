/**
 * Maps socket inodes to owning processes, incrementally. Reading every process's fd table costs
 * one readlink per fd, so the resolver remembers what it learned and scans only when inodes it has
 * never seen appear; within a scan it skips processes whose fd count (st_size of /proc/<pid>/fd)
 * did not change. Processes are keyed by pid + start time, so a reused pid never inherits the old
 * process's sockets. Inodes it cannot attribute (another user's process, a kernel socket) are
 * remembered as unknown and retried only when the process set changes, never rescanned per tick.
 */
import type { Owner, Socket } from '../../../shared/model';
import { fdDirSize, listPids, readSocketInodes, readStat } from './proc-fd';

/** Where to find the process table; a recorded tree works as well as the real /proc. */
export interface OwnerResolverOptions {
  procRoot?: string;
}

/** What one resolve pass did, for the sample's status and the benchmark. */
export interface ResolveReport {
  /** Rows with an inode but no owner after this pass. */
  unattributed: number;
  /** Processes whose fd tables were denied to this user, as last seen. */
  deniedProcesses: number;
  /** Processes whose fd tables were read in this pass. */
  scannedProcesses: number;
  /** At most one summarized message (permission denied), only when it is news. */
  message: string | null;
}

/** Fills `owner` on the sockets of a sample, in place. */
export interface OwnerResolver {
  resolve(sockets: Socket[]): ResolveReport;
  /** Forgets every cached owner and process. */
  clear(): void;
}

interface InodeEntry {
  owner: Owner | null;
  /** True until a scan has looked for its owner (never seen, or its owner let go of it). */
  searching: boolean;
  /** Resolve pass in which this inode was last in the table. */
  seen: number;
}

interface ProcEntry {
  owner: Owner | null;
  /** st_size of its fd directory at the last scan; 0 where the kernel does not count. */
  fdSize: number;
  denied: boolean;
  /** Inodes this process was found to own (may hold a few that have since closed). */
  inodes: number[];
}

/** Creates a resolver with empty caches; the first resolve is the cold (full) scan. */
export function createOwnerResolver(options: OwnerResolverOptions = {}): OwnerResolver {
  const root = options.procRoot ?? '/proc';
  const inodes = new Map<number, InodeEntry>();
  const procs = new Map<number, ProcEntry>();
  let pass = 0;
  let live = 0;
  let reportedDenied = 0;

  /** Lets go of an inode a process no longer holds: it is searched for again. */
  function detach(inode: number, pid: number): void {
    const entry = inodes.get(inode);
    if (entry?.owner?.pid !== pid) return;
    entry.owner = null;
    entry.searching = true;
  }

  function evict(pid: number): void {
    for (const inode of procs.get(pid)?.inodes ?? []) detach(inode, pid);
    procs.delete(pid);
  }

  /** Drops owners whose process ended or whose pid now belongs to another process. */
  function validateOwners(): void {
    for (const [pid, proc] of procs) {
      if (proc.owner === null || proc.inodes.length === 0) continue;
      const stat = readStat(root, pid);
      if (typeof stat === 'string' ? stat === 'gone' : stat.startTime !== proc.owner.startTime) evict(pid);
    }
  }

  /** Takes ownership of the table inodes a process holds; lets go of those it closed. */
  function adopt(pid: number, owner: Owner, fdSize: number, held: number[]): void {
    const previous = procs.get(pid)?.inodes ?? [];
    const holding = new Set(held);
    for (const inode of previous) if (!holding.has(inode)) detach(inode, pid);
    const owned: number[] = [];
    for (const inode of held) {
      const entry = inodes.get(inode);
      if (entry === undefined) continue;
      // A socket shared by several processes (fork) keeps the first owner found while it lives.
      if (entry.owner === null || entry.owner.pid === pid) {
        entry.owner = owner;
        entry.searching = false;
        owned.push(inode);
      }
    }
    procs.set(pid, { owner, fdSize, denied: false, inodes: owned });
  }

  /** Reads one process's fds and attributes the table inodes it holds. */
  function scanProcess(pid: number, fdSize: number): void {
    const before = readStat(root, pid);
    if (before === 'gone') evict(pid);
    if (typeof before === 'string') return;
    const previous = procs.get(pid);
    if (previous?.owner != null && previous.owner.startTime !== before.startTime) evict(pid);
    const held: number[] = [];
    const failure = readSocketInodes(root, pid, (inode) => {
      if (inodes.get(inode)?.seen === pass) held.push(inode);
    });
    if (failure === 'gone') return evict(pid);
    const owner: Owner = { pid, startTime: before.startTime, name: before.comm };
    if (failure !== null) {
      procs.set(pid, { owner, fdSize, denied: failure === 'denied', inodes: previous?.inodes ?? [] });
      return;
    }
    // The pid could have been reused while its fds were read: keep them only if it is the same process.
    const after = readStat(root, pid);
    if (typeof after === 'string' || after.startTime !== before.startTime) return evict(pid);
    adopt(pid, owner, fdSize, held);
  }

  const anySearching = (): boolean => {
    for (const entry of inodes.values()) if (entry.searching && entry.seen === pass) return true;
    return false;
  };

  /**
   * Pass 1 reads the processes that are new or whose fd count changed; pass 2, only while some
   * inode is still being searched for, reads the unchanged ones too. Returns processes read.
   */
  function scan(searching: boolean): number {
    const pids = listPids(root);
    const present = new Set(pids);
    for (const pid of procs.keys()) if (!present.has(pid)) evict(pid);
    const unchanged: number[] = [];
    let scanned = 0;
    for (const pid of pids) {
      const size = fdDirSize(root, pid);
      if (typeof size === 'string') continue;
      const known = procs.get(pid);
      if (known !== undefined && size > 0 && size === known.fdSize) {
        if (!known.denied) unchanged.push(pid);
        continue;
      }
      scanProcess(pid, size);
      scanned++;
    }
    if ((searching || scanned > 0) && anySearching()) {
      for (const pid of unchanged) scanProcess(pid, procs.get(pid)?.fdSize ?? 0);
      scanned += unchanged.length;
    }
    return scanned;
  }

  function prune(): void {
    if (inodes.size <= live) return;
    for (const [inode, entry] of inodes) if (entry.seen !== pass) inodes.delete(inode);
    for (const proc of procs.values()) proc.inodes = proc.inodes.filter((i) => inodes.has(i));
  }

  function report(sockets: Socket[], scanned: number): ResolveReport {
    let unattributed = 0;
    for (const s of sockets) if (s.inode !== 0 && s.owner === null) unattributed++;
    let deniedProcesses = 0;
    for (const proc of procs.values()) if (proc.denied) deniedProcesses++;
    let message: string | null = null;
    if (deniedProcesses > reportedDenied) {
      message =
        `owner unknown for ${unattributed} socket(s): permission denied reading the fds of ` +
        `${deniedProcesses} process(es) of other users (normal without root)`;
    }
    reportedDenied = Math.max(reportedDenied, deniedProcesses);
    return { unattributed, deniedProcesses, scannedProcesses: scanned, message };
  }

  /** Marks every table inode as seen in this pass; counts those still without an owner. */
  function lookup(sockets: Socket[]): { searching: boolean; unknown: number } {
    let searching = false;
    let unknown = 0;
    for (const s of sockets) {
      if (s.inode === 0) continue;
      let entry = inodes.get(s.inode);
      if (entry === undefined) {
        entry = { owner: null, searching: true, seen: -1 };
        inodes.set(s.inode, entry);
      }
      if (entry.seen !== pass) {
        entry.seen = pass;
        live++;
      }
      s.owner = entry.owner;
      if (entry.owner === null) {
        unknown++;
        searching ||= entry.searching;
      }
    }
    return { searching, unknown };
  }

  function assign(sockets: Socket[]): void {
    for (const s of sockets) if (s.inode !== 0) s.owner = inodes.get(s.inode)?.owner ?? null;
  }

  function resolve(sockets: Socket[]): ResolveReport {
    pass++;
    live = 0;
    validateOwners();
    const { searching, unknown } = lookup(sockets);
    // Unknown owners are retried only when the process set or an fd count changed (pass 1 finds it).
    const scanned = unknown > 0 ? scan(searching) : 0;
    if (scanned > 0 || searching) {
      for (const entry of inodes.values()) entry.searching = false;
      assign(sockets);
    }
    prune();
    return report(sockets, scanned);
  }

  return {
    resolve,
    clear() {
      inodes.clear();
      procs.clear();
      reportedDenied = 0;
    },
  };
}
