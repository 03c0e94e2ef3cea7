/**
 * What the action guards need to know about a process right now: its start time (identity),
 * parent, state, whether it is a kernel thread, and its real uid. Read fresh before every
 * signal, never from the table, because the table may be a tick old and the pid reused since.
 */
import { readFile } from 'node:fs/promises';
import { processes } from 'systeminformation';
import { parseProcStat } from '../owners/proc-stat';
import { parseStatusUid } from '../owners/proc-process-info';

/** A process as the guards see it. */
export interface ProcessFacts {
  pid: number;
  /** Clock ticks since boot (Linux); 0 where the OS gives none. */
  startTime: number;
  name: string;
  ppid: number | null;
  /** One-letter state (Linux: R, S, D, Z, X, ...); '' where unknown. */
  state: string;
  kernelThread: boolean;
  uid: number | null;
}

/** PF_KTHREAD in the flags field of /proc/<pid>/stat (include/linux/sched.h). */
const PF_KTHREAD = 0x00200000;

/** True when a stat line's flags (field 9) mark a kernel thread; false when unreadable. */
export function isKernelThreadStat(text: string): boolean {
  const close = text.lastIndexOf(')');
  if (close < 0) return false;
  const flags = Number(
    text
      .slice(close + 2)
      .trimEnd()
      .split(' ')[6],
  );
  return Number.isSafeInteger(flags) && (flags & PF_KTHREAD) !== 0;
}

/** Facts from a stat line and a status text (either may be missing); null when the stat is not a process. */
export function factsFromProc(statText: string, statusText: string | null): ProcessFacts | null {
  const stat = parseProcStat(statText);
  if (stat === null) return null;
  return {
    pid: stat.pid,
    startTime: stat.startTime,
    name: stat.comm,
    ppid: stat.ppid,
    state: stat.state,
    kernelThread: isKernelThreadStat(statText),
    uid: statusText === null ? null : parseStatusUid(statusText),
  };
}

/** Linux: /proc/<pid>/stat and status; null when the process does not exist. */
export async function readLinuxFacts(pid: number, procRoot = '/proc'): Promise<ProcessFacts | null> {
  let statText: string;
  try {
    statText = await readFile(`${procRoot}/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  const statusText = await readFile(`${procRoot}/${pid}/status`, 'latin1').catch(() => null);
  return factsFromProc(statText, statusText);
}

/** macOS and Windows: systeminformation's process list (no start time in clock ticks, no uid). */
export async function readSiFacts(pid: number): Promise<ProcessFacts | null> {
  const row = (await processes()).list.find((p) => p.pid === pid);
  if (row === undefined) return null;
  return {
    pid,
    startTime: 0,
    name: row.name,
    ppid: Number.isInteger(row.parentPid) ? row.parentPid : null,
    state: '',
    kernelThread: false,
    uid: null,
  };
}

/** The facts reader for a platform. */
export function factsReader(platform: NodeJS.Platform | string): (pid: number) => Promise<ProcessFacts | null> {
  return platform === 'linux' ? (pid) => readLinuxFacts(pid) : readSiFacts;
}
