/**
 * CPU time of the calling thread on Linux, from /proc/thread-self/stat (utime + stime). Node has
 * no per-thread CPU clock before v23, and wall time on a busy machine counts the time other
 * processes ran: the memory bench needs what the sampler thread itself used.
 */
import { readFileSync } from 'node:fs';

/** CPU ms this thread has used, or null where /proc/thread-self is not there. */
export function threadCpuMs(clkTck: number): number | null {
  try {
    const text = readFileSync('/proc/thread-self/stat', 'latin1');
    // Fields after the command name (which may hold spaces) in parentheses: state is field 3, utime 14, stime 15.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
    return ((utime + stime) * 1000) / clkTck;
  } catch {
    return null;
  }
}
