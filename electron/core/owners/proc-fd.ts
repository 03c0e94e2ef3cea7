/**
 * Low-level reads of the process table under a proc root, each one system call or two, with
 * failures sorted into what the owner resolver must do about them: a vanished process is
 * 'gone', another user's process is 'denied'. Synchronous on purpose: the resolver runs inside a
 * sample on the sampler's worker thread, and thousands of tiny async calls would cost more.
 */
import type { Stats } from 'node:fs';
import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import type { ProcStat } from './proc-stat';
import { parseProcStat } from './proc-stat';

/** Why a read of a process failed. */
export type ProcFailure = 'gone' | 'denied' | 'other';

/** Sorts an fs error: ENOENT/ESRCH mean the process went away, EACCES/EPERM are another user's. */
export function failureOf(error: unknown): ProcFailure {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ESRCH') return 'gone';
  if (code === 'EACCES' || code === 'EPERM') return 'denied';
  return 'other';
}

/** The pids present under the proc root, in directory order; empty when it cannot be listed. */
export function listPids(procRoot: string): number[] {
  let names: string[];
  try {
    names = readdirSync(procRoot);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    const first = name.charCodeAt(0);
    if (first < 49 || first > 57) continue;
    const pid = Number(name);
    if (Number.isSafeInteger(pid)) pids.push(pid);
  }
  return pids;
}

/** What a stat of /proc/<pid>/fd tells the resolver without reading the fds. */
export type FdDirStat = Pick<Stats, 'size' | 'uid'>;

/**
 * A stat of /proc/<pid>/fd: `size` is the number of open fds on kernels ≥ 6.2 (0 on older ones,
 * where it says nothing); `uid` is the process's effective uid (root for a non-dumpable one).
 * Readable even for other users' processes, so it is the cheap look at every process a scan takes.
 */
export function fdDirStat(procRoot: string, pid: number): FdDirStat | ProcFailure {
  try {
    return statSync(`${procRoot}/${pid}/fd`);
  } catch (error) {
    return failureOf(error);
  }
}

/** Parsed /proc/<pid>/stat, or why it could not be read ('other' for a malformed line). */
export function readStat(procRoot: string, pid: number): ProcStat | ProcFailure {
  try {
    return parseProcStat(readFileSync(`${procRoot}/${pid}/stat`, 'latin1')) ?? 'other';
  } catch (error) {
    return failureOf(error);
  }
}

/** Inode of a 'socket:[12345]' link target, or -1 for any other kind of fd. */
export function socketInodeOf(link: string): number {
  if (link.length < 10 || !link.startsWith('socket:[') || link.charCodeAt(link.length - 1) !== 93) return -1;
  let inode = 0;
  for (let i = 8; i < link.length - 1; i++) {
    const c = link.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    inode = inode * 10 + (c - 48);
  }
  return Number.isSafeInteger(inode) ? inode : -1;
}

/**
 * Calls `found` with the inode of every socket fd of a process. Fds that close while listing are
 * passed over; a process that is gone or denied as a whole returns why.
 */
export function readSocketInodes(procRoot: string, pid: number, found: (inode: number) => void): ProcFailure | null {
  const dir = `${procRoot}/${pid}/fd`;
  let fds: string[];
  try {
    fds = readdirSync(dir);
  } catch (error) {
    return failureOf(error);
  }
  for (const fd of fds) {
    let link: string;
    try {
      link = readlinkSync(`${dir}/${fd}`);
    } catch (error) {
      const failure = failureOf(error);
      if (failure === 'gone') continue;
      return failure;
    }
    const inode = socketInodeOf(link);
    if (inode > 0) found(inode);
  }
  return null;
}
